/**
 * Readable descriptions of networks: layers, shapes, parameters and MACs.
 */
package io.resgrow.models.describe;
