/** Request ids that follow the work a request causes, from the HTTP answer to the upstream calls. */
package dev.rendergateway.core.tracing;
