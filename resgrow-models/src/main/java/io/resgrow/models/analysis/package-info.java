/**
 * Analyses of trained ResNets from Chang et al. section 3: residual-module norms and the
 * lesion study.
 */
package io.resgrow.models.analysis;
