/**
 * Client for the Northflank REST API: reads a job's live state (Get Job) and a project's jobs (List
 * Jobs, one cursor page at a time), corrects one (Patch Job, only from a client built to allow
 * writes, with a body from {@link com.northflank.operator.client.CorrectionPatch} and the
 * answer put into the Get Job shape by {@link
 * com.northflank.operator.client.PatchResultShape}), and reports every failure as a {@link
 * com.northflank.operator.client.NorthflankApiException} whose kind tells the caller whether
 * retrying can help. The API token never leaves {@link com.northflank.operator.client.ApiToken}
 * except as the Authorization header.
 */
package com.northflank.operator.client;
