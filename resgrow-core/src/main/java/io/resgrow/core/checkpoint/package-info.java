/**
 * Checkpoints that resume a run exactly: manifest, hashed array files, a directory lock, and
 * the errors of corrupt, locked or mismatched checkpoints.
 */
package io.resgrow.core.checkpoint;
