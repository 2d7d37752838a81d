/**
 * Low-level pieces on top of DJL: evaluation, parameter stores by stable name and by device,
 * finiteness checks and native-array helpers.
 */
package io.resgrow.core.engine;
