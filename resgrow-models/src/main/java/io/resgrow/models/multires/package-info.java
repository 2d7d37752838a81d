/**
 * Multi-residual networks (Abdi and Nahavandi): blocks that compute x + the sum of k residual
 * functions.
 */
package io.resgrow.models.multires;
