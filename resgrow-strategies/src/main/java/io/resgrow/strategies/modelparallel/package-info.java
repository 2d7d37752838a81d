/**
 * Model-parallel training of multi-residual networks (Abdi and Nahavandi): residual
 * functions spread over devices, optionally with data-parallel groups.
 */
package io.resgrow.strategies.modelparallel;
