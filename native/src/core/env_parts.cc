#include "env_parts.h"
#include "thread_state.h"

void hpy_env_parts_end(ThreadState *ts) {
  for (size_t i = 0; i < kEnvPartCount; i++) {
    void *data = ts->parts.data[i];
    ts->parts.data[i] = nullptr;  // a part's teardown finds the ones before it gone
    if (data) ts->parts.free[i](ts->env, data);
  }
}
