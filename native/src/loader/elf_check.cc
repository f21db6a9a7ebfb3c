#include "elf_check.h"

#if defined(__ELF__)
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {

const char kRebuild[] = "Build HPy extensions with `npx hpy-node build ext.c -o ext.hpy.so`.";

// The machine, class and byte order dlopen accepts in this process. An
// architecture missing here leaves the machine check to dlopen.
#if defined(__x86_64__)
constexpr uint16_t kHostMachine = EM_X86_64;
#elif defined(__i386__)
constexpr uint16_t kHostMachine = EM_386;
#elif defined(__aarch64__)
constexpr uint16_t kHostMachine = EM_AARCH64;
#elif defined(__arm__)
constexpr uint16_t kHostMachine = EM_ARM;
#elif defined(__riscv)
constexpr uint16_t kHostMachine = EM_RISCV;
#elif defined(__powerpc64__)
constexpr uint16_t kHostMachine = EM_PPC64;
#elif defined(__powerpc__)
constexpr uint16_t kHostMachine = EM_PPC;
#elif defined(__s390__)
constexpr uint16_t kHostMachine = EM_S390;
#elif defined(__mips__)
constexpr uint16_t kHostMachine = EM_MIPS;
#elif defined(__loongarch__)
constexpr uint16_t kHostMachine = 258;  // EM_LOONGARCH, missing from older elf.h
#else
constexpr uint16_t kHostMachine = EM_NONE;
#endif
constexpr unsigned char kHostClass = sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32;
constexpr unsigned char kHostData = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? ELFDATA2LSB : ELFDATA2MSB;

using Ehdr = ElfW(Ehdr);
using Phdr = ElfW(Phdr);
using Shdr = ElfW(Shdr);

std::string machine_name(uint16_t em) {
  switch (em) {
    case EM_X86_64: return "x86-64";
    case EM_386: return "i386";
    case EM_AARCH64: return "AArch64";
    case EM_ARM: return "ARM (32-bit)";
    case EM_RISCV: return "RISC-V";
    case EM_PPC64: return "PowerPC 64";
    case EM_PPC: return "PowerPC";
    case EM_S390: return "IBM Z (s390)";
    case EM_MIPS: return "MIPS";
    case EM_SPARCV9: return "SPARC V9";
    case EM_IA_64: return "IA-64";
    case 258: return "LoongArch";
    case EM_NONE: return "no machine";
  }
  return "machine number " + std::to_string(em);
}

const char *type_name(uint16_t type) {
  switch (type) {
    case ET_REL: return "a relocatable object file (ET_REL)";
    case ET_EXEC: return "an executable (ET_EXEC)";
    case ET_CORE: return "a core dump (ET_CORE)";
  }
  return nullptr;
}

Status fail(const std::string &path, const std::string &what) {
  return Status::Fail("cannot load " + path + " as a shared library: " + what);
}

Status truncated(const std::string &path, uint64_t size, const std::string &part, uint64_t end) {
  return fail(path, "the file is truncated: it has " + std::to_string(size) + (size == 1 ? " byte" : " bytes") + ", but its " +
                        part + " ends at byte " + std::to_string(end) +
                        ". It was probably cut short while being copied or written: copy or build it again.");
}

// end = offset + length, saturating: a corrupt header must not wrap around
// and look as if it fit.
uint64_t end_of(uint64_t offset, uint64_t length) {
  uint64_t end;
  return __builtin_add_overflow(offset, length, &end) ? UINT64_MAX : end;
}

bool read_at(int fd, void *buf, size_t n, uint64_t offset) {
  char *p = static_cast<char *>(buf);
  while (n > 0) {
    ssize_t got = pread(fd, p, n, off_t(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    p += got;
    n -= size_t(got);
    offset += uint64_t(got);
  }
  return true;
}

uint16_t u16(const unsigned char *p, unsigned char data) {
  return data == ELFDATA2LSB ? uint16_t(p[0] | p[1] << 8) : uint16_t(p[0] << 8 | p[1]);
}

// The checks on an open file; `size` is its length in bytes.
Status check_fd(const std::string &path, int fd, uint64_t size) {
  static const unsigned char kMagic[4] = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3};
  unsigned char ident[sizeof(Ehdr)] = {};
  size_t head = size < sizeof ident ? size_t(size) : sizeof ident;
  if (!read_at(fd, ident, head, 0)) return fail(path, std::string("cannot read it: ") + strerror(errno ? errno : EIO));
  if (memcmp(ident, kMagic, head < 4 ? head : 4) != 0 || size == 0)
    return fail(path, std::string("it is not an ELF file (it does not start with 0x7f 'E' 'L' 'F'). ") + kRebuild);
  // The header's own size, from its class when the file has that byte.
  uint64_t header_size = size > EI_CLASS && ident[EI_CLASS] == ELFCLASS32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
  if (size < header_size) return truncated(path, size, "ELF header", header_size);
  unsigned char data = ident[EI_DATA];
  if (data != ELFDATA2LSB && data != ELFDATA2MSB)
    return fail(path, "its ELF header is corrupt (byte order " + std::to_string(data) + " is neither 1 nor 2). " + kRebuild);
  // e_machine is at offset 18 in both classes: read it before anything that
  // depends on the class, so a 32-bit i386 file is named as such.
  uint16_t machine = u16(ident + 18, data);
  if (kHostMachine != EM_NONE && machine != kHostMachine)
    return fail(path, "it was built for " + machine_name(machine) + " (e_machine " + std::to_string(machine) +
                          "), but this process runs on " + machine_name(kHostMachine) + " (e_machine " +
                          std::to_string(kHostMachine) + ") and can only load " + machine_name(kHostMachine) +
                          " shared objects: rebuild it on this machine, or with a compiler that targets it.");
  if (ident[EI_CLASS] != kHostClass)
    return fail(path, std::string("it is a ") + (ident[EI_CLASS] == ELFCLASS32 ? "32" : "64") +
                          "-bit ELF file, but this process is " + (kHostClass == ELFCLASS64 ? "64" : "32") +
                          "-bit: rebuild it for this process (without -m32/-m64).");
  if (data != kHostData)
    return fail(path, std::string("it is ") + (data == ELFDATA2LSB ? "little" : "big") + "-endian, but this process is " +
                          (kHostData == ELFDATA2LSB ? "little" : "big") + "-endian: rebuild it for this machine.");

  // Class and byte order are this process's: the header reads as a struct.
  Ehdr eh;
  memcpy(&eh, ident, sizeof eh);
  if (eh.e_type != ET_DYN) {
    const char *what = type_name(eh.e_type);
    return fail(path, std::string("it is ") + (what ? what : "an ELF file of type " + std::to_string(eh.e_type)) +
                          ", not a shared library (ET_DYN): link it with -shared (`npx hpy-node build` does).");
  }
  if (eh.e_phnum == 0 || eh.e_phentsize != sizeof(Phdr))
    return fail(path, "its program header table is corrupt (" + std::to_string(eh.e_phnum) + " entries of " +
                          std::to_string(eh.e_phentsize) + " bytes; a shared object has at least one, of " +
                          std::to_string(sizeof(Phdr)) + " bytes). " + kRebuild);
  uint64_t table_end = end_of(eh.e_phoff, uint64_t(eh.e_phnum) * eh.e_phentsize);
  if (table_end > size) return truncated(path, size, "program header table", table_end);

  // dlopen maps every loadable segment from the file, and reads the others
  // (PT_DYNAMIC, PT_NOTE, ...) through those mappings: any byte a program
  // header claims from the file must be in it, or touching it is SIGBUS.
  std::vector<Phdr> ph(eh.e_phnum);
  if (!read_at(fd, ph.data(), ph.size() * sizeof(Phdr), eh.e_phoff))
    return fail(path, std::string("cannot read its program headers: ") + strerror(errno ? errno : EIO));
  for (size_t i = 0; i < ph.size(); i++) {
    if (ph[i].p_filesz == 0) continue;
    uint64_t end = end_of(ph[i].p_offset, ph[i].p_filesz);
    if (end > size)
      return truncated(path, size, "segment " + std::to_string(i) + (ph[i].p_type == PT_LOAD ? " (PT_LOAD)" : ""), end);
  }
  // The section header table is last in the file and dlopen never reads it;
  // one that lies past the end still means the file was cut short, so the
  // rest of it cannot be trusted either. (e_shnum 0 with an offset set means
  // the count is in the first entry.)
  if (eh.e_shoff != 0) {
    uint64_t entries = eh.e_shnum ? eh.e_shnum : 1;
    uint64_t sections_end = end_of(eh.e_shoff, entries * eh.e_shentsize);
    if (sections_end > size) return truncated(path, size, "section header table", sections_end);
  }
  return Status::Ok();
}

}  // namespace

// A file that changes between this check and dlopen is not covered: replace
// extensions by writing a new file and renaming it over the old one.
Status hpy_elf_check(const std::string &path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(path, std::string("cannot open it: ") + strerror(errno));
  struct stat st;
  Status s;
  if (fstat(fd, &st) != 0) {
    s = fail(path, std::string("cannot stat it: ") + strerror(errno));
  } else if (!S_ISREG(st.st_mode)) {
    s = fail(path, "it is not a regular file.");
  } else {
    errno = 0;
    s = check_fd(path, fd, uint64_t(st.st_size));
  }
  close(fd);
  return s;
}

#else  // not an ELF platform: dlopen checks its own format

Status hpy_elf_check(const std::string &) { return Status::Ok(); }

#endif
