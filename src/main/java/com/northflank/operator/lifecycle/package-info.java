/**
 * The lifecycle of a job from its NorthflankJob (opt-in): create it ({@code creationPolicy}), adopt
 * it, and delete it with the resource ({@code deletionPolicy}), safely. The decisions are pure
 * ({@link com.northflank.operator.lifecycle.LifecyclePolicy}, {@link
 * com.northflank.operator.lifecycle.Claims}); the writes they lead to go through {@link
 * com.northflank.operator.lifecycle.JobLifecycle} and {@link
 * com.northflank.operator.lifecycle.JobDeletion}, under the same gates as a correction: the
 * operator's --read-only, the token's right to write, the request budget's priority lane and a last
 * look at the resource before anything goes out.
 */
package com.northflank.operator.lifecycle;
