import { describe, expect, it } from 'vitest';
import { MuxApiError, parseErrorBody } from '../../functions/commons/mux/errors.js';

describe('parseErrorBody', () => {
  it('reads the documented {"error":{"type","messages"}} shape', () => {
    expect(
      parseErrorBody(404, '{"error":{"type":"not_found","messages":["The requested resource was not found."]}}'),
    ).toEqual({ type: 'not_found', messages: ['The requested resource was not found.'] });
  });

  it('reads the {"errors":[…]} shape of 429s', () => {
    expect(parseErrorBody(429, '{"errors":["Too many requests, retry later."]}')).toEqual({
      type: 'rate_limited',
      messages: ['Too many requests, retry later.'],
    });
  });

  it('reads {"errors":[{…}]} objects by their message', () => {
    expect(parseErrorBody(422, '{"errors":[{"message":"bad filter"},{"detail":"bad timeframe"}]}')).toEqual({
      type: 'unprocessable_entity',
      messages: ['bad filter', 'bad timeframe'],
    });
  });

  it('reads the {"error":"…"} string shape of filter validation errors', () => {
    const body = '{"error":"Sequence dimensions require bracket notation. Use video_cdn_trace:[value]"}';
    expect(parseErrorBody(400, body)).toEqual({
      type: 'invalid_parameters',
      messages: ['Sequence dimensions require bracket notation. Use video_cdn_trace:[value]'],
    });
  });

  it('keeps a non-JSON body as one cleaned, bounded message', () => {
    expect(parseErrorBody(502, '<html>\n<body>Bad Gateway</body>\n</html>')).toEqual({
      type: 'server_error',
      messages: ['<html> <body>Bad Gateway</body> </html>'],
    });
    const long = parseErrorBody(500, 'x'.repeat(5000));
    expect(long.messages[0]).toHaveLength(301);
    expect(parseErrorBody(503, '')).toEqual({ type: 'server_error', messages: [] });
  });

  it('falls back to a status-derived type when the error object has no type', () => {
    expect(parseErrorBody(403, '{"error":{"messages":["Filtering is not available on your plan"]}}')).toEqual({
      type: 'forbidden',
      messages: ['Filtering is not available on your plan'],
    });
  });
});

describe('MuxApiError', () => {
  it('names status, type, path and messages', () => {
    const e = new MuxApiError(401, 'unauthorized', ['bad token'], 'req-1', '/data/v1/errors');
    expect(e.message).toBe('Mux API 401 unauthorized on /data/v1/errors: bad token');
    expect(String(e)).toBe('MuxApiError: Mux API 401 unauthorized on /data/v1/errors: bad token');
    expect(e.requestId).toBe('req-1');
  });
});
