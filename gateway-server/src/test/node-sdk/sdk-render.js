'use strict';
// The official JSON2Video Node SDK, unmodified, rendering one movie through the gateway: render(), then
// waitToFinish(). The only change an integration makes is the base URL (the SDK's api_url) and the key,
// which is a gateway key. Prints "MOVIE_URL <url>" and exits 0 once the movie is done; exits 1 otherwise.
const { Movie, Scene } = require('json2video-sdk');

const baseUrl = process.env.GATEWAY_URL;
const key = process.env.GATEWAY_KEY;
const deadline = setTimeout(() => {
  console.error('FAIL: the movie did not finish in time');
  process.exit(1);
}, Number(process.env.SDK_TIMEOUT_MS || 60000));

async function main() {
  const movie = new Movie();
  movie.api_url = `${baseUrl}/v2/movies`;
  movie.setAPIKey(key);
  movie.set('resolution', 'full-hd');
  movie.set('comment', 'rendered by the official Node SDK through render-gateway');
  const scene = new Scene();
  scene.set('background-color', '#4392F1');
  scene.addElement({ type: 'text', text: 'Hello from json2video-sdk', duration: 5 });
  movie.addScene(scene);

  const started = await movie.render();
  console.log(`render: ${JSON.stringify(started)}`);
  if (!started || !started.success || !started.project) {
    throw new Error('render() was not accepted');
  }
  const finished = await movie.waitToFinish(status => console.log(`status: ${JSON.stringify(status)}`));
  console.log(`finished: ${JSON.stringify(finished)}`);
  if (!finished || !finished.movie || finished.movie.status !== 'done' || !finished.movie.url) {
    throw new Error('waitToFinish() did not end with a done movie');
  }
  console.log(`PROJECT ${started.project}`);
  console.log(`MOVIE_URL ${finished.movie.url}`);
}

main().then(() => clearTimeout(deadline), error => {
  console.error(`FAIL: ${error && error.stack ? error.stack : JSON.stringify(error)}`);
  process.exit(1);
});
