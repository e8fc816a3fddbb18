'use strict';
// Preloaded with `node --require ./route-443.js`: the official SDK always dials port 443 of the host in its
// api_url. This sends TLS connections meant for localhost:443 to the test's gateway port instead, keeping
// "localhost" as the TLS server name so that the certificate is still verified (NODE_EXTRA_CA_CERTS).
// It changes nothing in the SDK's files and nothing for any other host or port.
const tls = require('tls');

const port = Number(process.env.ROUTE_443_TO_PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  throw new Error(`ROUTE_443_TO_PORT must be the gateway's test port, not '${process.env.ROUTE_443_TO_PORT}'`);
}

const connect = tls.connect;
tls.connect = function routedConnect(...args) {
  const options = args[0];
  if (options !== null && typeof options === 'object') {
    const host = options.host ?? options.hostname;
    if (host === 'localhost' && Number(options.port) === 443) {
      args[0] = { ...options, host: '127.0.0.1', port, servername: options.servername || 'localhost' };
      delete args[0].hostname;
      console.log(`route-443: localhost:443 -> 127.0.0.1:${port}`);
    }
  }
  return connect.apply(this, args);
};
