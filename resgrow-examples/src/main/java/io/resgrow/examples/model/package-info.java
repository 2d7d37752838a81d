/**
 * Trained networks on disk: DJL's parameter file plus a model card that rebuilds the
 * architecture, for {@code resgrow evaluate} and a user's DJL {@code Model}/{@code Predictor} code.
 */
package io.resgrow.examples.model;
