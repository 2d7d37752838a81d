/**
 * resgrow on Apache Spark: stage 1 of partitioned training with each branch as a Spark task on an
 * executor ({@link io.resgrow.spark.SparkBranchRunner}). Optional: Spark is {@code provided}, the
 * cluster brings it, and no other resgrow module depends on this one.
 */
package io.resgrow.spark;
