#pragma once
// The function pointers of HPy definitions are stored as HPyCFunction and
// called with the signature their definition names. The cast goes through
// void (*)(void), the type compilers accept as matching every other.
#include "hpy.h"

template <typename F>
F hpy_impl_as(HPyCFunction impl) {
  return reinterpret_cast<F>(reinterpret_cast<void (*)(void)>(impl));
}
