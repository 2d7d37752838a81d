/**
 * Independent trainings sent to a cluster engine (resgrow-spark): {@link io.resgrow.core.cluster.Job}s
 * that a {@link io.resgrow.core.cluster.JobRunner} runs in this process or elsewhere, and the
 * providers the command line finds on its class path.
 */
package io.resgrow.core.cluster;
