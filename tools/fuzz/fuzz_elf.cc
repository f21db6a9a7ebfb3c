/* libFuzzer harness for hpy_elf_check (native/src/loader/elf_check.cc): the
 * input is the whole file, written to one memfd reached by its
 * /proc/self/fd path. Junk must get "cannot load <path> as a shared library:
 * ..." and never a crash; a file the check passes must at least have a
 * well-formed header for this process and program headers inside it. */
#include <elf.h>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include "loader/elf_check.h"

namespace {

#if defined(__x86_64__)
constexpr int kMachine = EM_X86_64;
#elif defined(__aarch64__)
constexpr int kMachine = EM_AARCH64;
#else
constexpr int kMachine = -1;  // not checked here
#endif

[[noreturn]] void fail(const char *what, const std::string &message) {
  fprintf(stderr, "fuzz_elf: %s (\"%s\")\n", what, message.c_str());
  abort();
}

int file() {
  static int fd = memfd_create("fuzz-elf", MFD_CLOEXEC);
  if (fd < 0) {
    perror("fuzz_elf: memfd_create");
    abort();
  }
  return fd;
}

void write_whole(int fd, const uint8_t *data, size_t size) {
  if (ftruncate(fd, 0) != 0) abort();
  for (size_t done = 0; done < size;) {
    ssize_t n = pwrite(fd, data + done, size - done, off_t(done));
    if (n <= 0) abort();
    done += size_t(n);
  }
}

// What any file the check passes must have (the header of this process's
// class, byte order and machine, a shared object, program headers inside).
bool plausible(const uint8_t *data, size_t size) {
  ElfW(Ehdr) eh;
  uint64_t table_end;
  if (size < sizeof eh) return false;
  memcpy(&eh, data, sizeof eh);
  return memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 && eh.e_ident[EI_CLASS] == (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32) &&
         eh.e_ident[EI_DATA] == (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB) &&
         eh.e_type == ET_DYN && (kMachine < 0 || eh.e_machine == kMachine) &&
         eh.e_phnum > 0 && eh.e_phentsize == sizeof(ElfW(Phdr)) &&
         !__builtin_add_overflow(uint64_t(eh.e_phoff), uint64_t(eh.e_phnum) * sizeof(ElfW(Phdr)), &table_end) &&
         table_end <= size;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int fd = file();
  write_whole(fd, data, size);
  std::string path = "/proc/self/fd/" + std::to_string(fd);
  Status st = hpy_elf_check(path);
  if (st.ok()) {
    if (!plausible(data, size)) fail("passed a file that is no shared object for this process", "");
  } else if (std::string prefix = "cannot load " + path + " as a shared library: ";
             st.message.compare(0, prefix.size(), prefix) != 0) {
    fail("a failure that does not start \"cannot load <path> as a shared library: \"", st.message);
  }
  return 0;
}
