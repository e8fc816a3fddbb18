/** Benchmarks of the gateway, each measured against a baseline in the same run (see issue 9). */
package dev.rendergateway.loadtests;
