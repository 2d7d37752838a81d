/**
 * Placing a network's parameters and branches on devices (model parallelism, Abdi and
 * Nahavandi), with transfer accounting and data-parallel groups.
 */
package io.resgrow.core.placement;
