/*
 * source.c -- a byte stream over a file or a memory buffer that undoes
 * gzip on the way.
 *
 * Readers that stream (JSONL, WARC) and readers that take a whole file
 * (text, HTML, PETRARCH) all pull their bytes through a dl_src:
 *
 *     FILE* or memory --raw--> [ inflate, when the first bytes are the
 *                                gzip magic 1f 8b ] --decoded--> reader
 *
 * A gzip file may hold several members one after another (a WARC file
 * compresses each record on its own); they are read as one stream. A
 * stream that stops inside a member is "truncated"; one that inflate
 * rejects is "corrupt"; both set s->status to DL_ERROR and s->msg to a
 * message naming the input, and the bytes decoded before the damage are
 * still delivered. The source never holds more than two 64 KiB buffers:
 * the limits on how much decoded text a reader keeps (max-doc-bytes) are
 * the reader's to apply, which also bounds a zip bomb.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "read/read_internal.h"

#define DL_SRC_CHUNK ((size_t)65536) /* what one fill() decodes at most */

int dl_src_open(dl_src **out, const char *name, FILE *fp, const void *mem, size_t len) {
  *out = NULL;
  dl_src *s = calloc(1, sizeof *s);
  if (!s) return DL_NOMEM;
  s->name = name;
  s->fp = fp;
  s->mem = mem;
  s->mem_len = len;
  /* the first raw bytes decide whether this is gzip */
  while (s->raw_len < 2 && dl_src_raw_more(s)) {
  }
  if (s->raw_len >= 2 && s->raw[0] == 0x1f && s->raw[1] == 0x8b) {
    s->gz = true;
    if (inflateInit2(&s->zs, 15 + 16) != Z_OK) {
      free(s);
      return DL_NOMEM;
    }
    s->zlive = true;
  }
  *out = s;
  return DL_OK;
}

void dl_src_free(dl_src *s) {
  if (!s) return;
  if (s->zlive) inflateEnd(&s->zs);
  free(s);
}

/* Appends more raw input after what is unread in s->raw. Returns false at
 * the end of the input (or a read error, which sets s->status). */
bool dl_src_raw_more(dl_src *s) {
  if (s->raw_pos > 0) { /* keep the unread tail at the front */
    memmove(s->raw, s->raw + s->raw_pos, s->raw_len - s->raw_pos);
    s->raw_len -= s->raw_pos;
    s->raw_pos = 0;
  }
  size_t room = sizeof s->raw - s->raw_len, got;
  if (room == 0) return true;
  if (s->fp) {
    got = fread(s->raw + s->raw_len, 1, room, s->fp);
    if (got == 0 && ferror(s->fp)) {
      s->status = DL_IO;
      snprintf(s->msg, sizeof s->msg, "%s: read error: %s", s->name, strerror(errno));
    }
  } else {
    got = s->mem_len - s->mem_pos < room ? s->mem_len - s->mem_pos : room;
    if (got) memcpy(s->raw + s->raw_len, s->mem + s->mem_pos, got);
    s->mem_pos += got;
  }
  s->raw_len += got;
  return got > 0;
}

static void gz_fail(dl_src *s, const char *why) {
  s->status = DL_ERROR;
  /* no byte count: what was decoded before may sit in buffers not yet
   * read, so a count of bytes handed out would say 0 after whole records */
  snprintf(s->msg, sizeof s->msg, "%s: %s gzip data", s->name, why);
}

/* Refills s->out; returns false at the end of the stream or on error. */
static bool fill(dl_src *s) {
  s->out_pos = s->out_len = 0;
  if (s->status || s->eof) return false;
  if (!s->gz) {
    if (s->raw_pos == s->raw_len && !dl_src_raw_more(s)) {
      s->eof = true;
      return false;
    }
    size_t n = s->raw_len - s->raw_pos;
    if (n > DL_SRC_CHUNK) n = DL_SRC_CHUNK;
    memcpy(s->out, s->raw + s->raw_pos, n);
    s->raw_pos += n;
    s->out_len = n;
    return true;
  }
  while (s->out_len == 0) {
    if (s->member_done) {
      /* another member, or the end */
      if (s->raw_pos == s->raw_len && !dl_src_raw_more(s)) {
        s->eof = true;
        return false;
      }
      if (s->raw_len - s->raw_pos < 2) dl_src_raw_more(s);
      if (s->raw_len - s->raw_pos < 2 || s->raw[s->raw_pos] != 0x1f ||
          s->raw[s->raw_pos + 1] != 0x8b) {
        /* zero padding after the last member is common; anything else is
         * damage */
        size_t i = s->raw_pos;
        while (i < s->raw_len && s->raw[i] == 0) i++;
        if (i == s->raw_len) {
          s->raw_pos = s->raw_len;
          continue;
        }
        gz_fail(s, "trailing garbage after the");
        return false;
      }
      inflateReset(&s->zs);
      s->member_done = false;
    }
    if (s->raw_pos == s->raw_len && !dl_src_raw_more(s)) {
      if (!s->status) gz_fail(s, "truncated");
      return false;
    }
    s->zs.next_in = s->raw + s->raw_pos;
    s->zs.avail_in = (uInt)(s->raw_len - s->raw_pos);
    s->zs.next_out = s->out;
    s->zs.avail_out = DL_SRC_CHUNK;
    int z = inflate(&s->zs, Z_NO_FLUSH);
    s->raw_pos = (size_t)(s->zs.next_in - s->raw);
    s->out_len = DL_SRC_CHUNK - s->zs.avail_out;
    if (z == Z_STREAM_END) {
      s->member_done = true;
    } else if (z == Z_BUF_ERROR && s->raw_pos == s->raw_len) {
      /* needs more input: the next round reads it */
    } else if (z != Z_OK) {
      char why[160];
      snprintf(why, sizeof why, "corrupt (%s)", s->zs.msg ? s->zs.msg : "inflate failed");
      gz_fail(s, why);
      return s->out_len > 0;
    }
  }
  return true;
}

int dl_src_getc_slow(dl_src *s) {
  if (s->out_pos == s->out_len && !fill(s)) return -1;
  s->total++;
  return s->out[s->out_pos++];
}

size_t dl_src_read(dl_src *s, void *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    if (s->out_pos == s->out_len && !fill(s)) break;
    size_t k = s->out_len - s->out_pos;
    if (k > n - got) k = n - got;
    memcpy((char *)buf + got, s->out + s->out_pos, k);
    s->out_pos += k;
    got += k;
  }
  s->total += got;
  return got;
}

void dl_src_unread(dl_src *s, const void *buf, size_t n) {
  size_t rest = s->out_len - s->out_pos;
  if (n == 0 || n + rest > sizeof s->out) return;
  memmove(s->out + n, s->out + s->out_pos, rest);
  memcpy(s->out, buf, n);
  s->out_pos = 0;
  s->out_len = n + rest;
  s->total -= n;
}
