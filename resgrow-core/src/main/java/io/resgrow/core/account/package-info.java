/**
 * FLOP, MAC and parameter accounting as the papers count them (running statistics left out).
 */
package io.resgrow.core.account;
