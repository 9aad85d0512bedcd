/**
 * An in-process simulator of the Northflank REST API's job routes, built on the JDK's HTTP server.
 * Start it with {@link com.northflank.operator.simulator.NorthflankSimulator#start}; it only speaks
 * HTTP/JSON, so a client under test cannot tell it from the real API by its types.
 *
 * <p>Where the public documentation and the official js-client's types leave the real behaviour
 * open, the simulator makes a documented choice rather than a silent one:
 *
 * <ul>
 *   <li>Success is always 200 (the js-client treats any other status as an error).
 *   <li>PATCH refuses, with 400, unknown fields, server-owned fields ({@code id}, {@code name},
 *       {@code cluster}, ...), a capitalised concurrency policy and cron settings on a manual job;
 *       {@code null} removes a field (JSON merge patch). It also accepts {@code disabledCD}, {@code
 *       deployment} and a top-level {@code suspended}, which PatchJobData lacks but a deep merge of
 *       the Get Job shape implies.
 *   <li>The PATCH answer is in the PatchJobResult shape, which speaks the request dialect:
 *       lower-case concurrency policy and {@code settings.cron.suspended}.
 *   <li>Suspend answers {@code {"data": {}}} (its result type is {@code any}); a body without
 *       {@code suspended} suspends.
 *   <li>A run still in progress has no {@code concludedAt}, although GetJobRunsResult declares it
 *       required (the js-client conformance test reports this as a known divergence).
 *   <li>An answer to a request with {@code Connection: close} says {@code Connection: close}: the
 *       JDK server closes such a connection anyway, and a keep-alive client (the js-client on Node
 *       19+) would otherwise reuse the dead socket and retry after 500 ms.
 *   <li>Unknown routes, and known paths with another method, are 404.
 *   <li>The project path also reaches a team's project; the team path only reaches projects of that
 *       team.
 * </ul>
 */
package com.northflank.operator.simulator;
