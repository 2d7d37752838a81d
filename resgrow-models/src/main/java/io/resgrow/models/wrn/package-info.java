/**
 * Wide residual networks (depth 6n+4, widening factor k).
 */
package io.resgrow.models.wrn;
