/* libFuzzer's entry point, shared by the targets and the corpus replayer. */
#ifndef LA_FUZZ_H
#define LA_FUZZ_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
