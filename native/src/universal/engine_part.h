#pragma once
// Begins the engine's state in ts's environment (engine/engine.h) once, and
// registers its end among the environment's parts. False without memory.
#include "../core/thread_state.h"

bool hpy_engine_ready(ThreadState *ts);
