package dev.rendergateway.client.cli;

import dev.rendergateway.client.Render;

/** How renders' progress is shown on stderr while the CLI waits: live bars on a terminal, plain lines otherwise. */
interface ProgressView {

    /** A render's new state. */
    void update(Render render);

    /** Called before a result line goes to stdout (which may be the same terminal). */
    void beforeOutput();

    /** Called after it. */
    void afterOutput();

    /** No more updates. */
    void finish();

    /** Shows nothing. */
    ProgressView NONE = new ProgressView() {
        @Override
        public void update(Render render) {
        }

        @Override
        public void beforeOutput() {
        }

        @Override
        public void afterOutput() {
        }

        @Override
        public void finish() {
        }
    };
}
