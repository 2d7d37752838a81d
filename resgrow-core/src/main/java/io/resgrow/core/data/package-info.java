/**
 * Data as the engine sees it: batch sources on the host, batch transforms, seeded epoch order
 * and data fingerprints for provenance.
 */
package io.resgrow.core.data;
