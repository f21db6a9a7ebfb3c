// An independent reader of pprof files for the tests: protobufjs with the
// messages of profile.proto (github.com/google/pprof, proto/profile.proto)
// this project writes, by their field numbers. Not pprof-format, which
// writes them: a bug in the encoder must not be hidden by the same decoder.
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

const PROFILE_PROTO = `
syntax = "proto3";
package perftools.profiles;
message Profile {
  repeated ValueType sample_type = 1;
  repeated Sample sample = 2;
  repeated Location location = 4;
  repeated Function function = 5;
  repeated string string_table = 6;
  int64 time_nanos = 9;
  int64 duration_nanos = 10;
  int64 default_sample_type = 14;
}
message ValueType { int64 type = 1; int64 unit = 2; }
message Sample { repeated uint64 location_id = 1; repeated int64 value = 2; }
message Location { uint64 id = 1; uint64 mapping_id = 2; uint64 address = 3; repeated Line line = 4; }
message Line { uint64 function_id = 1; int64 line = 2; }
message Function { uint64 id = 1; int64 name = 2; int64 system_name = 3; int64 filename = 4; }
`;

const ProfileType = protobuf.parse(PROFILE_PROTO, { keepCase: true }).root.lookupType('perftools.profiles.Profile');

export interface DecodedProfile {
  sampleTypes: string[];
  /** Each sample's stack, root first, names joined with ';', and its values. */
  samples: { stack: string; values: number[] }[];
  timeNanos: number;
  durationNanos: number;
}

interface RawProfile {
  sample_type: { type: number; unit: number }[];
  sample: { location_id: number[]; value: number[] }[];
  location: { id: number; line: { function_id: number }[] }[];
  function: { id: number; name: number }[];
  string_table: string[];
  time_nanos: number;
  duration_nanos: number;
}

/** Gunzips and decodes a pprof file's bytes. */
export function decodePprof(gzipped: Uint8Array): DecodedProfile {
  const bytes = gunzipSync(gzipped);
  const raw = ProfileType.toObject(ProfileType.decode(bytes), { longs: Number, arrays: true, defaults: true }) as RawProfile;
  const str = (i: number) => raw.string_table[i];
  const functionName = new Map(raw.function.map((f) => [f.id, str(f.name)]));
  const locationName = new Map(raw.location.map((l) => [l.id, l.line.map((line) => functionName.get(line.function_id)).join('|')]));
  return {
    sampleTypes: raw.sample_type.map((t) => `${str(t.type)}/${str(t.unit)}`),
    samples: raw.sample.map((s) => ({ stack: s.location_id.map((id) => locationName.get(id)).reverse().join(';'), values: s.value })),
    timeNanos: raw.time_nanos,
    durationNanos: raw.duration_nanos,
  };
}
