/**
 * Freezing parts of a network: frozen parameters get no gradient and frozen blocks run in
 * inference mode, so BatchNorm statistics stay put.
 */
package io.resgrow.core.freeze;
