#include "static.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define STATIC_MAX_FILE (8u * 1024 * 1024)
#define STATIC_CACHE_SLOTS 128

static char *g_root;

/* Files are small and few: keep each one read (and its gzip) in memory, keyed by path and
 * revalidated by size and mtime. */
typedef struct {
  char *path;
  off_t size;
  struct timespec mtime;
  char *data;
  size_t len;
  char *gz;
  size_t gz_len;
  char etag[48];
} cache_entry;

static cache_entry g_cache[STATIC_CACHE_SLOTS];
static pthread_mutex_t g_cache_lock = PTHREAD_MUTEX_INITIALIZER;

void http_static_init(const char *root) {
  free(g_root);
  g_root = root ? strdup(root) : NULL;
}

const char *http_static_type(const char *path) {
  const char *dot = strrchr(path, '.');
  if (!dot) return "application/octet-stream";
  static const struct {
    const char *ext, *type;
  } types[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".yaml", "application/yaml; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
  };
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strcmp(dot, types[i].ext) == 0) return types[i].type;
  return "application/octet-stream";
}

static bool compressible(const char *type) {
  return strncmp(type, "text/", 5) == 0 || strstr(type, "json") || strstr(type, "svg") ||
         strstr(type, "yaml");
}

/* A safe relative path: no "..", no hidden segment, no backslash or NUL. */
static bool safe_path(const char *p) {
  if (p[0] != '/') return false;
  for (const char *s = p; *s; s++) {
    if (*s == '\\') return false;
    if (s[0] == '/' && s[1] == '.') return false;
  }
  return strlen(p) < 512;
}

static char *gzip_buf(const char *in, size_t len, size_t *out_len) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
  size_t cap = deflateBound(&z, (uLong)len);
  char *out = malloc(cap);
  if (!out) {
    deflateEnd(&z);
    return NULL;
  }
  z.next_in = (Bytef *)(uintptr_t)in;
  z.avail_in = (uInt)len;
  z.next_out = (Bytef *)out;
  z.avail_out = (uInt)cap;
  int rc = deflate(&z, Z_FINISH);
  *out_len = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) {
    free(out);
    return NULL;
  }
  return out;
}

static void entry_free(cache_entry *e) {
  free(e->path);
  free(e->data);
  free(e->gz);
  memset(e, 0, sizeof *e);
}

/* Loads or revalidates the entry for full (an absolute file path); NULL if not a file. Call
 * with the lock held. */
static cache_entry *cache_get(const char *full, const struct stat *st) {
  cache_entry *free_slot = NULL;
  for (int i = 0; i < STATIC_CACHE_SLOTS; i++) {
    cache_entry *e = &g_cache[i];
    if (!e->path) {
      if (!free_slot) free_slot = e;
      continue;
    }
    if (strcmp(e->path, full) != 0) continue;
    if (e->size == st->st_size && e->mtime.tv_sec == st->st_mtim.tv_sec &&
        e->mtime.tv_nsec == st->st_mtim.tv_nsec)
      return e;
    entry_free(e);
    free_slot = e;
    break;
  }
  if (!free_slot) {
    free_slot = &g_cache[(unsigned)st->st_ino % STATIC_CACHE_SLOTS];
    entry_free(free_slot);
  }
  int fd = open(full, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  size_t n = (size_t)st->st_size;
  char *data = malloc(n ? n : 1);
  size_t got = 0;
  while (data && got < n) {
    ssize_t r = read(fd, data + got, n - got);
    if (r <= 0) {
      free(data);
      data = NULL;
      break;
    }
    got += (size_t)r;
  }
  close(fd);
  if (!data) return NULL;
  cache_entry *e = free_slot;
  e->path = strdup(full);
  e->size = st->st_size;
  e->mtime = st->st_mtim;
  e->data = data;
  e->len = n;
  snprintf(e->etag, sizeof e->etag, "\"%llx-%llx\"", (unsigned long long)st->st_size,
           (unsigned long long)st->st_mtim.tv_sec * 1000000000ull +
               (unsigned long long)st->st_mtim.tv_nsec);
  if (n > 512 && compressible(http_static_type(full))) {
    e->gz = gzip_buf(data, n, &e->gz_len);
    if (e->gz && e->gz_len >= n) {
      free(e->gz);
      e->gz = NULL;
    }
  }
  return e;
}

static bool accepts_gzip(const http_request *req) {
  const char *ae = http_header(req, "Accept-Encoding");
  return ae && strstr(ae, "gzip");
}

bool http_static_serve(http_request *req, http_reply *rep) {
  if (!g_root) return false;
  if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) return false;
  if (strncmp(req->path, "/api/", 5) == 0) return false;
  if (!safe_path(req->path)) return false;
  char full[1024];
  const char *p = req->path;
  if (strcmp(p, "/") == 0) p = "/index.html";
  snprintf(full, sizeof full, "%s%s", g_root, p);
  struct stat st;
  if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
    /* Pretty page paths: /intake serves intake.html. */
    if (strchr(strrchr(p, '/'), '.')) return false;
    snprintf(full, sizeof full, "%s%s.html", g_root, p);
    if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) return false;
  }
  if ((size_t)st.st_size > STATIC_MAX_FILE) return false;
  const char *type = http_static_type(full);
  pthread_mutex_lock(&g_cache_lock);
  cache_entry *e = cache_get(full, &st);
  if (!e) {
    pthread_mutex_unlock(&g_cache_lock);
    return false;
  }
  bool html = strncmp(type, "text/html", 9) == 0;
  const char *inm = http_header(req, "If-None-Match");
  rep->cacheable = true;
  http_reply_header(rep, "ETag", e->etag);
  /* Pages revalidate every time (cheap 304s); assets too, unless versioned under /vendor/. */
  http_reply_header(rep, "Cache-Control",
                    strncmp(req->path, "/vendor/", 8) == 0 ? "public, max-age=86400"
                                                           : "no-cache");
  http_reply_header(rep, "Vary", "Accept-Encoding");
  if (inm && strstr(inm, e->etag)) {
    pthread_mutex_unlock(&g_cache_lock);
    http_reply_body(rep, 304, NULL, 0, type);
    return true;
  }
  if (e->gz && accepts_gzip(req)) {
    http_reply_text(rep, 200, e->gz, e->gz_len, type);
    http_reply_header(rep, "Content-Encoding", "gzip");
  } else {
    http_reply_text(rep, 200, e->data, e->len, type);
  }
  (void)html;
  pthread_mutex_unlock(&g_cache_lock);
  return true;
}
