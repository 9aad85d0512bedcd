package com.northflank.operator.reconciler;

import com.northflank.operator.client.NorthflankApi;
import com.northflank.operator.correction.DriftCorrector;
import com.northflank.operator.drift.DriftComparator;
import com.northflank.operator.events.EventPublisher;
import com.northflank.operator.lifecycle.JobDeletion;
import com.northflank.operator.lifecycle.JobLifecycle;
import com.northflank.operator.model.NorthflankJob;
import com.northflank.operator.status.StatusFactory;
import com.northflank.operator.status.StatusWriter;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;

/**
 * The services the reconcile pipeline runs through, in its order, assembled once by {@link
 * NorthflankOperator}: none is created by the reconciler, none holds anything of one resource (that
 * is {@link ResourceMemory}).
 *
 * @param contexts opens each reconcile's context: spec check, token
 * @param api reads the job and its runs (read)
 * @param lifecycle creates or adopts the job when the resource asks for it (lifecycle)
 * @param deletion deletes an owned job with its resource (deletionPolicy Delete)
 * @param comparator finds how the job differs from spec.job (compare)
 * @param corrector makes it match again where the resource asks for it (correct)
 * @param statuses builds the status (status)
 * @param writer writes it, when it changed
 * @param events announces its transitions
 * @param sweepFindings reconciles a resource at once when a list sweep saw its job change
 * @param runEvents reconciles a resource at once when a webhook named its job
 */
record SyncServices(
    JobContexts contexts,
    NorthflankApi api,
    JobLifecycle lifecycle,
    JobDeletion deletion,
    DriftComparator comparator,
    DriftCorrector corrector,
    StatusFactory statuses,
    StatusWriter writer,
    EventPublisher events,
    SimpleInboundEventSource<NorthflankJob> sweepFindings,
    SimpleInboundEventSource<NorthflankJob> runEvents) {}
