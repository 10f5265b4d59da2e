//! Files that diagnostics point into, and the span helpers every stage shares.
//!
//! A [`SourceFile`] is a cheaply clonable, named text that implements
//! [`miette::SourceCode`], so any error can label bytes in it. Stages convert
//! their own location formats here: serde_json's line/column, YAML locations,
//! and JSON pointers into an evidence document ([`locate_pointers`]).

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use miette::{MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// A named text that diagnostics can point into. Clones share the text.
#[derive(Clone)]
pub struct SourceFile(Arc<Inner>);

struct Inner {
    name: String,
    text: String,
    /// How the file's bytes held `text`.
    encoding: Encoding,
    lines: OnceLock<Lines>,
    /// The text as diagnostics draw it (see [`SourceFile::shown`]), when it differs.
    shown: OnceLock<Option<String>>,
}

/// Whether `c` must not reach a person or a parser as it is: a control character other than a
/// line break or a tab (an escape sequence can move the cursor, erase or recolour what was
/// printed; a carriage return can overwrite a line), a Unicode bidirectional control, which can
/// make text read in another order than it is, or the noncharacters U+FFFE and U+FFFF. With
/// the line break and the tab, what is left is exactly what XML 1.0 can hold (the JUnit
/// report).
fn unprintable(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{fffe}'
                | '\u{ffff}'
        )
}

/// `text` with every character that must not reach a terminal as it is (`unprintable`)
/// written as a visible escape (`\u{1b}`), so that evidence cannot rewrite or reorder what a
/// person reads: the terminal table, standard error, Markdown. Machine formats (JSON, SARIF)
/// keep the text exact; their own escaping makes it safe.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    escaped(text, unprintable)
}

/// [`printable`] for a value shown on one line of its own (a release's name in a heading, a
/// table cell): a line break is written as an escape too, so that a value cannot start a line
/// that looks like relpolicy's own (a forged `REQ-27  pass` row).
pub fn single_line(text: &str) -> std::borrow::Cow<'_, str> {
    escaped(text, |c| c == '\n' || unprintable(c))
}

fn escaped(text: &str, escape: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(&escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escape(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// How a file's bytes hold its text ([`SourceFile::decode`]).
enum Encoding {
    /// UTF-8: the bytes are the text.
    Utf8,
    /// UTF-8 after a byte order mark, which the text leaves out.
    Utf8Bom,
    /// UTF-16 after its byte order mark; what the bytes were, for the file's digest.
    Utf16 { sha256: String, size: usize },
}

/// The byte order mark some Windows tools (Windows PowerShell, older Notepad) write at the start
/// of a UTF-8 file. JSON, YAML and Rego parsers do not expect it, and nothing after it moves when
/// it is left out, so every file relpolicy reads as text is read without it
/// ([`SourceFile::decode`]).
const BOM: &str = "\u{feff}";

/// Why a file's bytes are not text relpolicy reads: "not UTF-8 text (invalid byte at offset
/// 41)", to follow "FILE is ".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotText(String);

impl fmt::Display for NotText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The text of UTF-16 `bytes` (after their byte order mark), little- or big-endian.
fn utf16(bytes: &[u8], little: bool) -> Result<String, NotText> {
    let units = bytes.chunks(2).map(|pair| match (pair, little) {
        ([low, high], true) | ([high, low], false) => Ok(u16::from_le_bytes([*low, *high])),
        _ => Err(NotText(format!(
            "not UTF-16 text (it ends in half a character, {} bytes after its byte order mark)",
            bytes.len()
        ))),
    });
    let units: Vec<u16> = units.collect::<Result<_, _>>()?;
    let mut text = String::with_capacity(units.len());
    // Where the next character starts, in units after the byte order mark.
    let mut at = 0;
    for c in char::decode_utf16(units.iter().copied()) {
        let c = c.map_err(|_| {
            NotText(format!(
                "not UTF-16 text (an unpaired surrogate at byte offset {})",
                2 + 2 * at
            ))
        })?;
        at += c.len_utf16();
        text.push(c);
    }
    Ok(text)
}

/// Where the lines of a text start, kept for every [`Lines::STRIDE`]th line only: the lines
/// between are found by scanning at most that many line breaks. A full index of an 88 MB
/// evidence document (2.9 million lines) took 23 MB, and twice that while it grew, at the
/// peak of `check`; this one takes 1/64 of it.
struct Lines {
    /// `samples[k]` is the byte offset where line `k * STRIDE` (0-based) starts.
    samples: Vec<usize>,
    /// How many lines the text has (its line breaks + 1).
    count: usize,
}

impl Lines {
    const STRIDE: usize = 64;

    fn of(text: &str) -> Self {
        let mut samples = vec![0];
        let mut count = 1;
        for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
            if count % Self::STRIDE == 0 {
                samples.push(i + 1);
            }
            count += 1;
        }
        Self { samples, count }
    }
}

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    /// Wrap `text`, shown to users as `name` (a path as the user typed it, or `<stdin>`).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self(Arc::new(Inner {
            name: name.into(),
            text: text.into(),
            encoding: Encoding::Utf8,
            lines: OnceLock::new(),
            shown: OnceLock::new(),
        }))
    }

    /// A file's bytes as text. Every file relpolicy reads as text is decoded here, so that
    /// the way a file was saved changes nothing about what it holds (evidence, policies,
    /// waivers, manifests):
    /// - UTF-8, without a leading byte order mark (see `BOM`);
    /// - UTF-16 that starts with its byte order mark, little- or big-endian: what Windows
    ///   PowerShell 5's `>` and `Out-File` write (`go test -json > report.json`).
    ///
    /// [`SourceFile::sha256`] and [`SourceFile::size`] still describe the bytes. Fails with why
    /// the bytes are neither.
    pub fn decode(name: impl Into<String>, bytes: Vec<u8>) -> Result<Self, NotText> {
        let (text, encoding) = match bytes.as_slice() {
            [0xff, 0xfe, rest @ ..] | [0xfe, 0xff, rest @ ..] => {
                let text = utf16(rest, bytes[0] == 0xff)?;
                let encoding = Encoding::Utf16 {
                    sha256: crate::manifest::sha256_hex(&bytes),
                    size: bytes.len(),
                };
                (text, encoding)
            }
            _ => {
                let mut text = String::from_utf8(bytes).map_err(|e| {
                    NotText(format!(
                        "not UTF-8 text (invalid byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ))
                })?;
                if text.starts_with(BOM) {
                    text.drain(..BOM.len());
                    (text, Encoding::Utf8Bom)
                } else {
                    (text, Encoding::Utf8)
                }
            }
        };
        Ok(Self(Arc::new(Inner {
            name: name.into(),
            text,
            encoding,
            lines: OnceLock::new(),
            shown: OnceLock::new(),
        })))
    }

    /// How many bytes the file had as it was read.
    pub fn size(&self) -> usize {
        match &self.0.encoding {
            Encoding::Utf8 => self.text().len(),
            Encoding::Utf8Bom => BOM.len() + self.text().len(),
            Encoding::Utf16 { size, .. } => *size,
        }
    }

    /// The SHA-256 of the file as it was read, byte order mark included, in lowercase hex: what
    /// `sha256sum` prints for it.
    pub fn sha256(&self) -> String {
        match &self.0.encoding {
            Encoding::Utf8 => crate::manifest::sha256_hex(self.text().as_bytes()),
            Encoding::Utf8Bom => crate::manifest::sha256_of_writer(|out| {
                out.write_all(BOM.as_bytes())?;
                out.write_all(self.text().as_bytes())
            }),
            Encoding::Utf16 { sha256, .. } => sha256.clone(),
        }
    }

    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// The text as diagnostics draw it: each character that must not reach a terminal
    /// ([`printable`]) replaced by `?`s of the same length in bytes (a carriage return before a
    /// line break is kept: miette reads CRLF), so every byte offset into the text still points
    /// at the same place. The text itself when there is nothing to replace, as in every JSON
    /// document (JSON strings cannot hold control characters unescaped).
    fn shown(&self) -> &str {
        let shown = self.0.shown.get_or_init(|| {
            let text = self.text();
            let replaced = |(i, c): (usize, char)| {
                unprintable(c) && !(c == '\r' && text[i + 1..].starts_with('\n'))
            };
            if !text.char_indices().any(replaced) {
                return None;
            }
            let mut out = String::with_capacity(text.len());
            for (i, c) in text.char_indices() {
                if replaced((i, c)) {
                    out.extend(std::iter::repeat_n('?', c.len_utf8()));
                } else {
                    out.push(c);
                }
            }
            Some(out)
        });
        shown.as_deref().unwrap_or(self.text())
    }

    pub fn text(&self) -> &str {
        &self.0.text
    }

    fn lines(&self) -> &Lines {
        self.0.lines.get_or_init(|| Lines::of(self.text()))
    }

    /// Where the 0-based line `index` starts; `None` past the last line.
    fn line_start(&self, index: usize) -> Option<usize> {
        let lines = self.lines();
        if index >= lines.count {
            return None;
        }
        let bytes = self.text().as_bytes();
        let mut start = lines.samples[index / Lines::STRIDE];
        for _ in 0..index % Lines::STRIDE {
            // The line exists, so the breaks before it do.
            start += memchr::memchr(b'\n', &bytes[start..]).map_or(0, |i| i + 1);
        }
        Some(start)
    }

    /// The 0-based line that the byte `offset` (at most the text's length) is on, and where
    /// that line starts, from one scan.
    fn line_at(&self, offset: usize) -> (usize, usize) {
        let samples = &self.lines().samples;
        let block = samples.partition_point(|&s| s <= offset).max(1) - 1;
        let from = samples[block];
        let scanned = &self.text().as_bytes()[from..offset];
        let breaks = memchr::memchr_iter(b'\n', scanned).count();
        let start = memchr::memrchr(b'\n', scanned).map_or(from, |i| from + i + 1);
        (block * Lines::STRIDE + breaks, start)
    }

    /// The 0-based line that the byte `offset` (at most the text's length) is on.
    fn line_index(&self, offset: usize) -> usize {
        self.line_at(offset).0
    }

    /// The line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.floor_char_boundary(offset.min(self.text().len()));
        let (index, start) = self.line_at(offset);
        LineCol {
            line: index + 1,
            column: self.text()[start..offset].chars().count() + 1,
        }
    }

    /// The byte offset of a 1-based line and a 1-based column counted in bytes
    /// (serde_json's convention), clamped to the line. Column 0 is serde_json's
    /// way of naming the line break that ends the previous line.
    pub fn offset_of_byte_column(&self, line: usize, column: usize) -> usize {
        if column == 0 && line > 1 {
            return self.line_range(line - 1).end;
        }
        let Some(start) = self.line_start(line.saturating_sub(1)) else {
            return self.text().len();
        };
        let end = self
            .line_start(line)
            .map_or(self.text().len(), |next| next - 1);
        self.floor_char_boundary((start + column.saturating_sub(1)).min(end))
    }

    /// From a 1-based line and byte column (the line's start when there is none) to the end of
    /// that line: how relpolicy underlines an item whose provenance names its line.
    pub fn span_to_line_end(&self, line: usize, column: Option<usize>) -> miette::SourceSpan {
        let range = self.line_range(line);
        let start = column.map_or(range.start, |c| self.offset_of_byte_column(line, c));
        miette::SourceSpan::from((start, range.end.saturating_sub(start)))
    }

    /// The byte range of a whole 1-based line, without its line break.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let Some(start) = self.line_start(line.saturating_sub(1)) else {
            return self.text().len()..self.text().len();
        };
        let end = self
            .line_start(line)
            .map_or(self.text().len(), |next| next - 1);
        start..end
    }

    fn floor_char_boundary(&self, mut offset: usize) -> usize {
        while !self.text().is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile")
            .field("name", &self.name())
            .field("len", &self.text().len())
            .finish()
    }
}

impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, miette::MietteError> {
        // miette reads a span by scanning the text from its start. Drawing a few thousand
        // findings on an 8 MB file that way is quadratic (seconds per finding), so only the
        // lines around the span are handed to it, and its answer is moved back into place.
        let text = self.shown();
        if span.offset() > text.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        let first = self
            .line_index(span.offset())
            .saturating_sub(context_lines_before + 1);
        let end = (span.offset() + span.len()).min(text.len());
        let last = self.line_index(end) + context_lines_after + 1;
        let from = self.line_start(first).unwrap_or(0);
        let to = self.line_start(last + 1).unwrap_or(text.len());
        let window = &text[from..to];
        let local = SourceSpan::from((span.offset() - from, span.len().min(window.len())));
        let contents = window.read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name().to_owned(),
            contents.data(),
            SourceSpan::from((contents.span().offset() + from, contents.span().len())),
            contents.line() + first,
            contents.column(),
            contents.line_count() + first,
        )))
    }
}

/// Where a JSON pointer landed in a JSON text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PointerSpan {
    /// The byte range of the value (or, for an object member, of `"name": value`).
    pub range: Range<usize>,
    /// True when the pointer itself is absent and `range` is its nearest existing ancestor.
    pub ancestor: bool,
}

/// Resolve JSON pointers (RFC 6901) to byte ranges in `text`, in one pass.
///
/// The scan descends only into values on the way to a wanted pointer and skips everything else
/// without building anything, so locating a few dozen pointers in a document of thousands of
/// test cases costs a fraction of parsing it. (A general JSON parser with spans builds a tree of
/// the whole document: measured at ten times the cost.) An object member resolves to
/// `"name": value`, an array element to the value. A pointer that does not exist resolves to its
/// nearest existing ancestor, flagged as such, so a message about a missing member still points
/// at the object that lacks it. Text that is not JSON resolves to nothing.
pub fn locate_pointers(text: &str, pointers: &[&str]) -> Vec<Option<PointerSpan>> {
    if pointers.is_empty() {
        return Vec::new();
    }
    let wanted: Vec<Vec<String>> = pointers.iter().map(|p| pointer_tokens(p)).collect();
    let mut found: std::collections::HashMap<Vec<String>, Range<usize>> =
        std::collections::HashMap::new();
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    };
    let mut path = Vec::new();
    scanner.whitespace();
    let start = scanner.pos;
    match scanner.value(&mut path, &wanted, &mut found) {
        Some(end) => {
            found.insert(Vec::new(), start..end);
        }
        None => return vec![None; pointers.len()],
    }
    wanted
        .iter()
        .zip(pointers)
        .map(|(tokens, pointer)| {
            if !(pointer.is_empty() || pointer.starts_with('/')) {
                return None;
            }
            (0..=tokens.len()).rev().find_map(|n| {
                found.get(&tokens[..n]).map(|range| PointerSpan {
                    range: range.clone(),
                    ancestor: n < tokens.len(),
                })
            })
        })
        .collect()
}

/// The unescaped reference tokens of a JSON pointer (`/a~1b/0` is `["a/b", "0"]`).
pub fn pointer_tokens(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// A cursor over JSON text. Every method returns `None` on text that is not JSON.
struct Scanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Scanner<'_> {
    fn whitespace(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.whitespace();
        (self.bytes.get(self.pos) == Some(&byte)).then(|| self.pos += 1)
    }

    /// The value at the cursor; descends where `path` leads towards a wanted pointer, records
    /// the ranges of visited nodes in `found`, and returns the end of the value.
    fn value(
        &mut self,
        path: &mut Vec<String>,
        wanted: &[Vec<String>],
        found: &mut std::collections::HashMap<Vec<String>, Range<usize>>,
    ) -> Option<usize> {
        self.whitespace();
        let leads_somewhere = wanted
            .iter()
            .any(|w| w.len() > path.len() && w[..path.len()] == path[..]);
        match self.bytes.get(self.pos)? {
            &open @ (b'{' | b'[') if leads_somewhere => {
                // Objects and arrays differ only in how the next path token is found.
                let close = if open == b'{' { b'}' } else { b']' };
                self.pos += 1;
                self.whitespace();
                if self.bytes.get(self.pos) == Some(&close) {
                    self.pos += 1;
                    return Some(self.pos);
                }
                let mut index = 0usize;
                loop {
                    self.whitespace();
                    // A member's range starts at its key; an element's at its value.
                    let start = self.pos;
                    let token = if open == b'{' {
                        let key = self.string_value()?;
                        self.expect(b':')?;
                        key
                    } else {
                        index.to_string()
                    };
                    path.push(token);
                    let end = self.value(path, wanted, found)?;
                    found.insert(path.clone(), start..end);
                    path.pop();
                    index += 1;
                    self.whitespace();
                    match *self.bytes.get(self.pos)? {
                        b',' => self.pos += 1,
                        byte if byte == close => {
                            self.pos += 1;
                            return Some(self.pos);
                        }
                        _ => return None,
                    }
                }
            }
            _ => self.skip(),
        }
    }

    /// Skip the value at the cursor and return its end.
    fn skip(&mut self) -> Option<usize> {
        match self.bytes.get(self.pos)? {
            b'"' => {
                self.skip_string()?;
            }
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.bytes.get(self.pos)? {
                        b'"' => {
                            self.skip_string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.pos += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            _ => {
                let start = self.pos;
                while !matches!(
                    self.bytes.get(self.pos),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.pos += 1;
                }
                if self.pos == start {
                    return None;
                }
            }
        }
        Some(self.pos)
    }

    /// Skip a string starting at the cursor (an opening quote).
    fn skip_string(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            match self.bytes.get(self.pos)? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Read a string starting at the cursor, unescaped.
    fn string_value(&mut self) -> Option<String> {
        if self.bytes.get(self.pos) != Some(&b'"') {
            return None;
        }
        let start = self.pos;
        self.skip_string()?;
        let raw = self.text.get(start..self.pos)?;
        if raw.contains('\\') {
            serde_json::from_str(raw).ok()
        } else {
            raw.get(1..raw.len() - 1).map(str::to_owned)
        }
    }
}

/// Why a file could not be read by [`read_regular`].
#[derive(Debug)]
pub enum ReadError {
    /// The operating system refused (not found, permission denied, ...).
    Io(std::io::Error),
    /// The path names something other than a regular file: a directory, FIFO, device or socket.
    NotRegular(&'static str),
    /// The file is larger than the limit (its size in bytes, when known).
    TooLarge { size: u64, limit: u64 },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => e.fmt(f),
            Self::NotRegular(what) => write!(f, "it is {what}, not a regular file"),
            Self::TooLarge { size, limit } => write!(
                f,
                "it is {}, over the limit of {}",
                human_bytes(*size),
                human_bytes(*limit)
            ),
        }
    }
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

/// A byte count for messages: `512 bytes`, `3.2 MiB`.
pub fn human_bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if n < KIB {
        format!("{n} bytes")
    } else if n < MIB {
        format!("{:.1} KiB", n as f64 / KIB as f64)
    } else {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    }
}

/// What a file type is, for messages: "a directory", "a FIFO", ...
fn kind_of(file_type: std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return Some("a device");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    if file_type.is_symlink() {
        return Some("a symbolic link");
    }
    Some("not a regular file")
}

/// Read a regular file of at most `limit` bytes.
///
/// A FIFO, device, socket or directory is refused by its type before it is opened for reading
/// (reading a FIFO blocks until a writer comes, `/dev/zero` never ends). The file is opened
/// without blocking and its type checked again on the open handle, so a file swapped for a
/// FIFO in between is refused too. Symbolic links are followed; callers that must stay inside
/// a folder check links themselves.
pub fn read_regular(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let (file, len) = open_regular(path, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// [`read_regular`], then [`SourceFile::decode`]: a file read as text, shown as `name`. Fails
/// with why, to follow "cannot read FILE: " ("it is a FIFO (named pipe), not a regular file",
/// "it is not UTF-8 text (invalid byte at offset 41)").
pub fn read_text(
    path: &std::path::Path,
    name: impl Into<String>,
    limit: u64,
) -> Result<SourceFile, String> {
    let bytes = read_regular(path, limit).map_err(|e| e.to_string())?;
    SourceFile::decode(name, bytes).map_err(|e| format!("it is {e}"))
}

/// Open a regular file of at most `limit` bytes for reading, without blocking on a FIFO:
/// the file and its length. What [`read_regular`] reads whole, for a reader that stops early.
pub fn open_regular(path: &std::path::Path, limit: u64) -> Result<(std::fs::File, u64), ReadError> {
    let metadata = std::fs::metadata(path)?;
    if let Some(what) = kind_of(metadata.file_type()) {
        return Err(ReadError::NotRegular(what));
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge {
            size: metadata.len(),
            limit,
        });
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if let Some(what) = kind_of(metadata.file_type()) {
        return Err(ReadError::NotRegular(what));
    }
    remember_input(&metadata);
    Ok((file, metadata.len().min(limit)))
}

/// The files this process has read as input (evidence, relpolicy.yaml, library files,
/// waivers), by device and inode, so that no output replaces one ([`was_read`]).
static INPUTS: std::sync::Mutex<std::collections::BTreeSet<(u64, u64)>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

fn remember_input(metadata: &std::fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(mut inputs) = INPUTS.lock() {
            inputs.insert((metadata.dev(), metadata.ino()));
        }
    }
    #[cfg(not(unix))]
    let _ = metadata;
}

/// Whether the file `metadata` describes was read as input by this process (through
/// [`open_regular`], which every input file goes through). A report written over its own
/// evidence (`check --evidence e.json -o e.json`, or `--report json=` a file the folder's
/// patterns gather) would destroy what it is a record of.
pub fn was_read(metadata: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        INPUTS
            .lock()
            .map(|inputs| inputs.contains(&(metadata.dev(), metadata.ino())))
            .unwrap_or(true)
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        false
    }
}

/// Read at most `limit` bytes from `reader` (standard input), refusing more.
pub fn read_bounded(reader: impl std::io::Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// The position (line, column; both from 1) of every value in a YAML text (JSON is YAML too), by
/// JSON pointer: `/release/id` for `release:\n  id: REL-1`. A mapping member is placed at its
/// key (`id:`), a sequence item at its first character. Only the first document is read; a text that
/// does not parse yields the positions read before the error. Keys that are not scalars are
/// skipped with their values.
pub fn yaml_positions(text: &str) -> std::collections::BTreeMap<String, LineCol> {
    use granit_parser::{Event, Parser};
    enum Frame {
        /// A mapping at `pointer`: the key whose value comes next, and where it is, if it was
        /// read.
        Map {
            pointer: String,
            key: Option<(String, LineCol)>,
        },
        Seq {
            pointer: String,
            next: usize,
        },
        /// A non-scalar key being skipped, with its nesting depth.
        Skip(usize),
    }
    let mut out = std::collections::BTreeMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut started = false;
    let escape = |t: &str| t.replace('~', "~0").replace('/', "~1");
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        let at = LineCol {
            line: span.start.line().max(1),
            column: span.start.col() + 1,
        };
        let (opens, closes) = match &event {
            Event::MappingStart(..) | Event::SequenceStart(..) => (true, false),
            Event::MappingEnd | Event::SequenceEnd => (false, true),
            Event::Scalar(..) | Event::Alias(..) => (false, false),
            Event::DocumentEnd if started => break,
            _ => continue,
        };
        // Skipping a complex key: count its depth, nothing else.
        if let Some(Frame::Skip(depth)) = stack.last_mut() {
            if opens {
                *depth += 1;
            } else if closes {
                *depth -= 1;
            }
            if *depth == 0 {
                stack.pop();
                if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                    *key = Some((String::from("\u{0}"), LineCol { line: 0, column: 0 }));
                }
            }
            continue;
        }
        if closes {
            stack.pop();
            advance(&mut stack);
            continue;
        }
        // A node: a key, or a value at a place (a member's place is its key's).
        let (pointer, at) = match stack.last_mut() {
            None => {
                started = true;
                (String::new(), at)
            }
            Some(Frame::Map {
                key: key @ None, ..
            }) => {
                match &event {
                    Event::Scalar(value, ..) => *key = Some((value.to_string(), at)),
                    _ if opens => stack.push(Frame::Skip(1)),
                    _ => *key = Some((String::from("\u{0}"), at)),
                }
                continue;
            }
            Some(Frame::Map {
                pointer,
                key: Some((key, key_at)),
            }) => (format!("{pointer}/{}", escape(key)), *key_at),
            Some(Frame::Seq { pointer, next }) => (format!("{pointer}/{next}"), at),
            Some(Frame::Skip(_)) => continue,
        };
        // A value under a key that was not a scalar has no pointer.
        let placed = !pointer.contains('\u{0}');
        if placed {
            out.insert(pointer.clone(), at);
        }
        match &event {
            Event::MappingStart(..) => stack.push(Frame::Map { pointer, key: None }),
            Event::SequenceStart(..) => stack.push(Frame::Seq { pointer, next: 0 }),
            _ => advance(&mut stack),
        }
    }
    /// After a value: a mapping waits for its next key, a sequence counts the item.
    fn advance(stack: &mut [Frame]) {
        match stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { next, .. }) => *next += 1,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn yaml_positions_place_every_value_on_its_own_line() {
        let text = "# head\nrelease:\n  id: REL-1\n  window: { start: a, end: b }\napprovals:\n  - role: Release Manager\n    at: x\n  - [1, 2]\n\"a/b\": 3\n? [complex]\n: skipped\nlast: 4\n";
        let p = yaml_positions(text);
        let at = |k: &str| p.get(k).map(|lc| (lc.line, lc.column));
        assert_eq!(at("/release"), Some((2, 1)));
        assert_eq!(at("/release/id"), Some((3, 3)));
        assert_eq!(at("/release/window/end"), Some((4, 23)));
        assert_eq!(at("/approvals/0"), Some((6, 5)));
        assert_eq!(at("/approvals/0/role"), Some((6, 5)));
        assert_eq!(at("/approvals/0/at"), Some((7, 5)));
        assert_eq!(at("/approvals/1/1"), Some((8, 9)));
        assert_eq!(at("/a~1b"), Some((9, 1)));
        assert_eq!(at("/last"), Some((12, 1)));
        assert!(
            p.keys()
                .all(|k| !k.contains("complex") && !k.contains('\u{0}'))
        );
        // JSON is YAML: the same pointers.
        let json = "{\n  \"approvals\": [\n    {\"role\": \"RM\"}\n  ]\n}";
        assert_eq!(
            yaml_positions(json)
                .get("/approvals/0/role")
                .map(|l| l.line),
            Some(3)
        );
        // Not YAML at all: whatever was read before the error, no panic.
        let _ = yaml_positions("a: [\n");
    }
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_counts_characters() {
        let f = SourceFile::new("x", "ab\ncé d\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        // "cé " is 4 bytes but 3 characters.
        assert_eq!(f.line_col(7), LineCol { line: 2, column: 4 });
        assert_eq!(f.line_col(999), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn byte_columns_clamp_to_their_line() {
        let f = SourceFile::new("x", "abc\ndef");
        assert_eq!(f.offset_of_byte_column(2, 2), 5);
        assert_eq!(f.offset_of_byte_column(1, 99), 3);
        assert_eq!(f.offset_of_byte_column(9, 1), 7);
        assert_eq!(f.offset_of_byte_column(2, 0), 3);
    }

    #[test]
    fn a_leading_byte_order_mark_is_left_out_of_the_text_but_not_of_the_digest() {
        let with = b"\xef\xbb\xbf{\"a\": 1}\n".to_vec();
        let file = SourceFile::decode("with.json", with.clone()).expect("UTF-8");
        assert_eq!(file.text(), "{\"a\": 1}\n");
        assert_eq!(file.sha256(), crate::manifest::sha256_hex(&with));
        assert_eq!(file.size(), with.len());
        assert_eq!(file.line_col(1), LineCol { line: 1, column: 2 });
        // Without a mark, and with one that is not at the start, the text is the bytes.
        for bytes in [b"{}".to_vec(), "{\"a\": \"\u{feff}\"}".as_bytes().to_vec()] {
            let file = SourceFile::decode("plain.json", bytes.clone()).expect("UTF-8");
            assert_eq!(file.text().as_bytes(), &bytes[..]);
            assert_eq!(file.sha256(), crate::manifest::sha256_hex(&bytes));
            assert_eq!(file.size(), bytes.len());
        }
        assert_eq!(
            SourceFile::decode("bad", b"\xef\xbb\xbfok\xff".to_vec())
                .err()
                .map(|e| e.to_string()),
            Some("not UTF-8 text (invalid byte at offset 5)".to_owned())
        );
    }

    #[test]
    fn text_for_people_shows_control_characters_instead_of_obeying_them() {
        assert_eq!(
            printable("a\u{1b}[2K\rb\u{7}\u{9b}c\u{202e}d\u{2066}e\u{7f}f\u{fffe}\u{ffff}"),
            "a\\u{1b}[2K\\u{d}b\\u{7}\\u{9b}c\\u{202e}d\\u{2066}e\\u{7f}f\\u{fffe}\\u{ffff}"
        );
        // Line breaks, tabs and ordinary text are left alone, without a copy.
        let plain = "Zoë's\tline\n日本 — ok";
        assert!(matches!(printable(plain), std::borrow::Cow::Borrowed(_)));
        // On a line of its own, a value's line break is shown too.
        assert_eq!(single_line(plain), "Zoë's\tline\\u{a}日本 — ok");
        assert_eq!(single_line("a\u{1b}b"), "a\\u{1b}b");
        // Drawn source keeps every byte offset: each character is replaced by as many bytes.
        let file = SourceFile::new("n.md", "a\u{1b}b\r\nc\u{202e}d\re\n");
        assert_eq!(file.shown(), "a?b\r\nc???d?e\n");
        assert_eq!(file.shown().len(), file.text().len());
        let clean = SourceFile::new("e.json", "{\"a\": \"\\u001b\"}\r\n");
        assert_eq!(clean.shown(), clean.text());
    }

    #[test]
    fn utf16_with_its_byte_order_mark_is_text_and_keeps_its_digest() {
        let text = "id: \u{1F680} é\r\nnext: 2\n";
        let units = || text.encode_utf16();
        let little: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(units().flat_map(u16::to_le_bytes))
            .collect();
        let big: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(units().flat_map(u16::to_be_bytes))
            .collect();
        for bytes in [little, big] {
            let file = SourceFile::decode("w.yaml", bytes.clone()).expect("UTF-16");
            assert_eq!(file.text(), text);
            assert_eq!(file.sha256(), crate::manifest::sha256_hex(&bytes));
            assert_eq!(file.size(), bytes.len());
            assert_eq!(file.line_col(text.find("next").expect("next")).line, 2);
        }
        let error = |bytes: &[u8]| {
            SourceFile::decode("w", bytes.to_vec())
                .err()
                .map(|e| e.to_string())
        };
        // Half a character at the end; a high surrogate with no low one after it.
        assert_eq!(
            error(b"\xff\xfea\x00b").as_deref(),
            Some(
                "not UTF-16 text (it ends in half a character, 3 bytes after its byte order mark)"
            )
        );
        assert_eq!(
            error(b"\xff\xfea\x00\x3d\xd8a\x00").as_deref(),
            Some("not UTF-16 text (an unpaired surrogate at byte offset 4)")
        );
    }

    /// The sampled line index answers exactly as a full one would, on texts with lines on both
    /// sides of every sample, with and without a final line break, empty lines and
    /// multi-byte characters.
    #[test]
    fn sampled_lines_answer_as_a_full_index() {
        let stride = Lines::STRIDE;
        let mut texts: Vec<String> = vec![String::new(), "\n".into(), "x".into(), "\n\n\n".into()];
        for lines in [stride - 1, stride, stride + 1, 3 * stride + 5] {
            let body: Vec<String> = (0..lines)
                .map(|i| match i % 4 {
                    0 => String::new(),
                    1 => "é".repeat(i % 7),
                    _ => format!("line {i}"),
                })
                .collect();
            texts.push(body.join("\n"));
            texts.push(body.join("\n") + "\n");
        }
        for text in texts {
            let file = SourceFile::new("x", text.as_str());
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                let line = starts.partition_point(|&s| s <= offset);
                let column = text[starts[line - 1]..offset].chars().count() + 1;
                assert_eq!(
                    file.line_col(offset),
                    LineCol { line, column },
                    "{text:?} @{offset}"
                );
            }
            for line in 1..=starts.len() + 1 {
                let expected = match starts.get(line - 1) {
                    Some(&start) => start..starts.get(line).map_or(text.len(), |&n| n - 1),
                    None => text.len()..text.len(),
                };
                assert_eq!(file.line_range(line), expected, "{text:?} line {line}");
            }
        }
    }

    #[test]
    fn pointers_resolve_to_members_elements_and_nearest_ancestors() {
        let text = "{\n  \"a\": [1, {\"b/c\": true}],\n  \"d\": null\n}";
        let got = locate_pointers(text, &["", "/a/1/b~1c", "/d", "/a/7", "/zz/y"]);
        let slice = |i: usize| {
            got[i]
                .as_ref()
                .map(|s| (&text[s.range.clone()], s.ancestor))
        };
        assert_eq!(slice(0), Some((text, false)));
        assert_eq!(slice(1), Some(("\"b/c\": true", false)));
        assert_eq!(slice(2), Some(("\"d\": null", false)));
        assert_eq!(slice(3), Some(("\"a\": [1, {\"b/c\": true}]", true)));
        assert_eq!(slice(4), Some((text, true)));
    }

    #[test]
    fn pointers_into_invalid_json_resolve_to_nothing() {
        for text in [
            "{",
            "{\"a\" 1}",
            "[1 2]",
            "",
            "{\"a\": [1, }",
            "\"unterminated",
        ] {
            assert_eq!(
                locate_pointers(text, &["/a", "/0"]),
                vec![None, None],
                "{text}"
            );
        }
    }

    #[test]
    fn brackets_and_quotes_inside_strings_and_escaped_keys_are_handled() {
        let text = r#"{"x": "a}]\"[{", "k\"ey": {"a/b": [0, {"y": "]"}]}, "z": [[], {}]}"#;
        let got = locate_pointers(text, &["/k\"ey/a~1b/1/y", "/z/1", "/x", "/z/0"]);
        let slice = |i: usize| got[i].as_ref().map(|s| &text[s.range.clone()]);
        assert_eq!(slice(0), Some(r#""y": "]""#));
        assert_eq!(slice(1), Some("{}"));
        assert_eq!(slice(2), Some(r#""x": "a}]\"[{""#));
        assert_eq!(slice(3), Some("[]"));
    }

    #[test]
    fn no_pointers_means_no_work() {
        assert!(locate_pointers("not even json", &[]).is_empty());
    }
}
