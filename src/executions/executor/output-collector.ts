import { StringDecoder } from 'node:string_decoder';
import type { Logger } from '../../lib/logger.js';
import { createStreamingRedactor, type StreamingRedactor } from '../../lib/redact.js';
import { type CappedOutput, createOutputCap } from './output-cap.js';
import type { OutputChunk } from './types.js';

/**
 * Turns the child's raw stdout/stderr bytes into redacted, capped text. Each stream has its
 * own UTF-8 decoder and line redactor, so a partial line on stdout is never glued to a line
 * from stderr; whole lines from both are combined in arrival order.
 */
export interface OutputCollector {
  write(stream: OutputChunk['stream'], data: Buffer): void;
  /** End of both streams: release held partial lines. Idempotent. */
  end(): void;
  /** Bytes the command wrote, before redaction. */
  readonly rawBytes: number;
  result(): CappedOutput;
}

interface StreamState {
  decoder: StringDecoder;
  redactor: StreamingRedactor;
}

export function createOutputCollector(options: {
  capBytes: number;
  onOutput?: ((chunk: OutputChunk) => void) | undefined;
  logger?: Logger | undefined;
}): OutputCollector {
  const cap = createOutputCap(options.capBytes);
  const streams: Record<OutputChunk['stream'], StreamState> = {
    stdout: { decoder: new StringDecoder('utf8'), redactor: createStreamingRedactor() },
    stderr: { decoder: new StringDecoder('utf8'), redactor: createStreamingRedactor() },
  };
  let rawBytes = 0;
  let ended = false;

  const emit = (stream: OutputChunk['stream'], text: string): void => {
    if (text === '') return;
    cap.append(text);
    if (!options.onOutput) return;
    try {
      options.onOutput({ stream, text });
    } catch (err) {
      // a broken listener must not kill the run or lose the captured output
      options.logger?.warn({ err }, 'executor onOutput listener threw; ignoring');
    }
  };

  return {
    write(stream, data) {
      if (ended) return;
      rawBytes += data.length;
      const s = streams[stream];
      emit(stream, s.redactor.push(s.decoder.write(data)));
    },
    end() {
      if (ended) return;
      ended = true;
      for (const stream of ['stdout', 'stderr'] as const) {
        const s = streams[stream];
        emit(stream, s.redactor.push(s.decoder.end()) + s.redactor.flush());
      }
    },
    get rawBytes() {
      return rawBytes;
    },
    result: () => cap.result(),
  };
}
