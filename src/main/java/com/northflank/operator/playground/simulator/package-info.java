/**
 * An in-process simulator of the Northflank REST API's job routes, built on the JDK's HTTP server.
 * Start it with {@link com.northflank.operator.playground.simulator.NorthflankSimulator#start}; it only speaks
 * HTTP/JSON, so a client under test cannot tell it from the real API by its types.
 *
 * <p>Where the public documentation and the official js-client's types leave the real behaviour
 * open, the simulator makes a documented choice rather than a silent one:
 *
 * <ul>
 *   <li>Success is always 200 (the js-client treats any other status as an error).
 *   <li>PATCH takes PatchJobData only, as the PATCH reference page declares it: any other field
 *       ({@code name}, {@code jobType}, {@code disabledCD}, {@code deployment}, {@code vcsData}, a
 *       top-level {@code suspended}, ...) is refused with a 400 whose {@code error.message} names
 *       it, and so is a value that breaks a documented type, pattern, length or enum (a capitalised
 *       concurrency policy, a 2-letter tag, a storage size off the list), and cron settings on a
 *       manual job. The schedule pattern, documented without anchors, is searched for as a
 *       JavaScript validator would. {@code null} removes a field and objects merge key by key (JSON
 *       merge patch).
 *   <li>The PATCH answer is in the PatchJobResult shape, which speaks the request dialect:
 *       lower-case concurrency policy and {@code settings.cron.suspended}, plus {@code updatedAt}.
 *   <li>Every request but GET and HEAD is kept in a {@link
 *       com.northflank.operator.playground.simulator.WriteLog} with its body, and faults can be aimed at one
 *       job's writes alone, including someone else's change landing between a read and a write.
 *   <li>Create Job ({@code POST jobs}) checks what the Create Job reference marks required
 *       ({@code name} with its pattern and length, {@code billing.deploymentPlan}, exactly one
 *       deployment source among {@code external}, {@code internal} and {@code vcs}, {@code
 *       settings.backoffLimit}) and the rest as PATCH does; the id is the name in lower case with
 *       each whitespace character a dash ("Example Job" is {@code example-job}, the reference's one
 *       example; its exact rule is not documented), a 409 when the project has it. The answer, like
 *       the reference's example, echoes the runtime variables; Get Job never shows them.
 *   <li>Delete Job answers {@code {"data": {}}}, 404 when the job is not there. Faults can be
 *       aimed at creates and deletes alone ({@code faults().creates()}, {@code
 *       faults().deletes()}), and any scope can hold its next answer until released ({@code
 *       holdNextAnswer()}): the write is done, the client has not heard.
 *   <li>Suspend answers {@code {"data": {}}} (its result type is {@code any}); a body without
 *       {@code suspended} suspends.
 *   <li>Runs are listed newest first (the API does not document an order). A job stored with {@code
 *       putJob} has no runs until a test adds some ({@code addRun}, {@code concludeRun}); seeded
 *       and synthetic jobs show three derived past runs; with {@code runEvery} every cron job that
 *       is not suspended starts one more at each tick of the simulator's clock. Faults can be aimed
 *       at the runs route alone ({@code faults().runs()}, {@code faults().jobRuns(...)}).
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
package com.northflank.operator.playground.simulator;
