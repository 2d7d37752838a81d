/**
 * The building blocks of the residual family: pre-activation residual blocks with step size h
 * (Y + h F(Y)), stages that grow, shortcuts and the ResNet itself.
 */
package io.resgrow.models.block;
