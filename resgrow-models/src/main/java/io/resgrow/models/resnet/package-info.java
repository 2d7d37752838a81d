/**
 * The builder of the pre-activation ResNet family (Chang et al.'s networks among them).
 */
package io.resgrow.models.resnet;
