/**
 * Commands for Git repositories, as services the CLI calls: {@code export} writes the live jobs of
 * a project as NorthflankJob resources, {@code diff} compares resources in files with the live jobs
 * exactly as the operator's comparator does. Both read through the same request budget as the
 * operator and need no cluster.
 */
package com.northflank.operator.gitops;
