/**
 * Optimizers whose state is keyed by stable parameter names, so that checkpoints can save and
 * restore it (SGD with momentum, Adam, RMSProp).
 */
package io.resgrow.core.optim;
