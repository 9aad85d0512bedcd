/**
 * List-assisted polling: which resources the list sweeps cover and what their last full read said
 * ({@link com.northflank.operator.freshness.WatchedJobs}), the pure comparison of a listing with it
 * ({@link com.northflank.operator.freshness.SummaryComparison}), and the sweeper that lists each
 * project within the request budget and asks the reconciler to read what changed at once. Sits
 * between {@code reconciler}, which feeds and wires it, and {@code budget}, whose {@link
 * com.northflank.operator.budget.SweepSplit} sets how often it may list.
 */
package com.northflank.operator.freshness;
