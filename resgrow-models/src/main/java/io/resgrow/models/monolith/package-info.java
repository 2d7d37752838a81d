/**
 * MonolithNet (Wong et al.): parallel WRN branches fused by a small head.
 */
package io.resgrow.models.monolith;
