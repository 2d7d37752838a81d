/**
 * Proxy heads: small classifiers that let a branch train alone (MonolithNet, Wong et al.).
 */
package io.resgrow.models.head;
