import { Readable } from 'node:stream';
import type { TextStream } from '../response/odata-response.js';

/** An answer that fails after its first bytes were sent: the log gets why. */
export type OnCutOff = (error: unknown) => void;

/**
 * A streamed body as a Readable that pulls the next piece when the socket wants more. A failure
 * midway can no longer become an error response: the response is cut off (left malformed, as
 * OData asks of an error after a success status), so no client takes it for complete.
 */
export function readableOf(stream: TextStream, onCutOff: OnCutOff): Readable {
  return new Readable({
    read() {
      stream.next().then(
        (text) => this.push(text),
        (error: unknown) => {
          onCutOff(error);
          this.destroy();
        },
      );
    },
    destroy(error, callback) {
      stream.close().then(
        () => callback(error),
        () => callback(error),
      );
    },
  });
}
