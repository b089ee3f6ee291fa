//! A small flow layout for the record: wrapped paragraphs, label/value rows and table rows,
//! broken across A4 pages. Text is measured with the shipped fonts' advance widths, so
//! lines never overflow the margins; a word longer than a line is broken between
//! characters.

use printpdf::{Color, FontId, Line, LinePoint, Op, PdfFontHandle, Point, Pt, Rgb, TextItem};

use super::fonts::{Face, FontSet};

/// A4 in points.
pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
pub(crate) const MARGIN_X: f32 = 48.0;
const MARGIN_TOP: f32 = 56.0;
/// Room kept free at the bottom for the footer.
const MARGIN_BOTTOM: f32 = 64.0;
pub(crate) const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// Rows up to this height are never split across pages.
const KEEP_TOGETHER_MAX: f32 = 120.0;

/// How a piece of text is set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub size: f32,
    pub bold: bool,
    pub grey: bool,
}

impl Style {
    pub(crate) const BODY: Style = Style {
        size: 9.0,
        bold: false,
        grey: false,
    };
    pub(crate) const BODY_BOLD: Style = Style {
        size: 9.0,
        bold: true,
        grey: false,
    };
    pub(crate) const SMALL: Style = Style {
        size: 7.5,
        bold: false,
        grey: true,
    };
    pub(crate) const H1: Style = Style {
        size: 18.0,
        bold: true,
        grey: false,
    };
    pub(crate) const H2: Style = Style {
        size: 13.0,
        bold: true,
        grey: false,
    };
    pub(crate) const H3: Style = Style {
        size: 10.5,
        bold: true,
        grey: false,
    };

    fn leading(self) -> f32 {
        self.size * 1.35
    }

    fn base_face(self) -> Face {
        if self.bold { Face::Bold } else { Face::Regular }
    }
}

/// Makes text safe and printable: control characters become spaces (tabs included),
/// characters no shipped face has become `?`. Line breaks are kept.
pub(crate) fn printable(fonts: &FontSet, text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' => '\n',
            c if c.is_control() => ' ',
            // Bidi controls and zero-width characters would be invisible yet confusing.
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}' => ' ',
            c if fonts.face_for(c, Face::Regular).is_some() => c,
            _ => '?',
        })
        .collect()
}

/// One column of a table row.
pub(crate) struct Cell<'a> {
    pub text: &'a str,
    pub style: Style,
    pub width: f32,
}

/// The document being laid out: finished pages plus the current one.
pub(crate) struct Layout<'f> {
    fonts: &'f FontSet,
    ids: Vec<(Face, FontId)>,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    y: f32,
}

impl<'f> Layout<'f> {
    pub(crate) fn new(fonts: &'f FontSet, ids: Vec<(Face, FontId)>) -> Self {
        Layout {
            fonts,
            ids,
            pages: Vec::new(),
            ops: Vec::new(),
            y: PAGE_H - MARGIN_TOP,
        }
    }

    /// Finished pages, each as its list of drawing operations.
    pub(crate) fn finish(mut self) -> Vec<Vec<Op>> {
        self.pages.push(std::mem::take(&mut self.ops));
        self.pages
    }

    fn id(&self, face: Face) -> FontId {
        self.ids
            .iter()
            .find(|(f, _)| *f == face)
            .map(|(_, id)| id.clone())
            .unwrap_or_else(|| self.ids[0].1.clone())
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.ops));
        self.y = PAGE_H - MARGIN_TOP;
    }

    /// Starts a new page unless `height` more points fit on this one.
    pub(crate) fn need(&mut self, height: f32) {
        if self.y - height < MARGIN_BOTTOM && self.y < PAGE_H - MARGIN_TOP {
            self.new_page();
        }
    }

    pub(crate) fn gap(&mut self, h: f32) {
        self.y -= h;
    }

    pub(crate) fn text_width(&self, text: &str, style: Style) -> f32 {
        text.chars()
            .map(|c| {
                let face = self
                    .fonts
                    .face_for(c, style.base_face())
                    .unwrap_or(style.base_face());
                self.fonts.width(c, face, style.size)
            })
            .sum()
    }

    /// Wraps `text` to `width`: greedy by words, breaking overlong words by characters.
    pub(crate) fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            let mut line_w = 0.0;
            for word in para.split(' ') {
                let word_w = self.text_width(word, style);
                let space_w = if line.is_empty() {
                    0.0
                } else {
                    self.text_width(" ", style)
                };
                if line_w + space_w + word_w <= width {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    line_w += space_w + word_w;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0.0;
                }
                if word_w <= width {
                    line.push_str(word);
                    line_w = word_w;
                } else {
                    for c in word.chars() {
                        let cw = self.text_width(c.encode_utf8(&mut [0; 4]), style);
                        if line_w + cw > width && !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                            line_w = 0.0;
                        }
                        line.push(c);
                        line_w += cw;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    /// Draws one line of text with its baseline at `y`, switching faces per run.
    fn draw_line(&mut self, text: &str, style: Style, x: f32, y: f32) {
        if text.is_empty() {
            return;
        }
        let grey = if style.grey { 0.38 } else { 0.0 };
        self.ops.push(Op::StartTextSection);
        self.ops.push(Op::SetFillColor {
            col: Color::Rgb(Rgb {
                r: grey,
                g: grey,
                b: grey,
                icc_profile: None,
            }),
        });
        self.ops.push(Op::SetTextCursor {
            pos: Point { x: Pt(x), y: Pt(y) },
        });
        let mut run = String::new();
        let mut run_face: Option<Face> = None;
        for c in text.chars() {
            let face = self
                .fonts
                .face_for(c, style.base_face())
                .unwrap_or(style.base_face());
            if run_face != Some(face) && !run.is_empty() {
                self.show(
                    &std::mem::take(&mut run),
                    run_face.unwrap_or(face),
                    style.size,
                );
            }
            run_face = Some(face);
            run.push(c);
        }
        if let Some(face) = run_face {
            self.show(&run, face, style.size);
        }
        self.ops.push(Op::EndTextSection);
    }

    fn show(&mut self, text: &str, face: Face, size: f32) {
        self.ops.push(Op::SetFont {
            font: PdfFontHandle::External(self.id(face)),
            size: Pt(size),
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_string())],
        });
    }

    /// A wrapped paragraph at `x` with `width`, breaking across pages between lines.
    pub(crate) fn paragraph(&mut self, text: &str, style: Style, x: f32, width: f32) {
        let text = printable(self.fonts, text);
        for line in self.wrap(&text, style, width) {
            self.need(style.leading());
            self.y -= style.leading();
            self.draw_line(&line, style, x, self.y + style.leading() * 0.25);
        }
    }

    /// Full-width paragraph.
    pub(crate) fn text(&mut self, text: &str, style: Style) {
        self.paragraph(text, style, MARGIN_X, CONTENT_W);
    }

    /// A heading kept together with at least `keep` points of what follows.
    pub(crate) fn heading(&mut self, text: &str, style: Style, keep: f32) {
        self.need(style.leading() + keep);
        self.gap(style.size * 0.4);
        self.text(text, style);
        self.gap(2.0);
    }

    /// A label in a fixed column and a wrapped value beside it.
    pub(crate) fn field(&mut self, label: &str, value: &str) {
        if value.trim().is_empty() {
            return;
        }
        let label_w = 120.0;
        self.row(&[
            Cell {
                text: label,
                style: Style::BODY_BOLD,
                width: label_w,
            },
            Cell {
                text: value,
                style: Style::BODY,
                width: CONTENT_W - label_w,
            },
        ]);
    }

    /// A table row: cells side by side, each wrapped to its width. A row that fits on a
    /// page is never split; a taller one is split between lines.
    pub(crate) fn row(&mut self, cells: &[Cell<'_>]) {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .map(|c| self.wrap(&printable(self.fonts, c.text), c.style, c.width - 6.0))
            .collect();
        let leading = cells.iter().map(|c| c.style.leading()).fold(0.0, f32::max);
        let lines = wrapped.iter().map(Vec::len).max().unwrap_or(0);
        // Short rows are kept together; a long one starts where it is and breaks between
        // lines, rather than leaving most of a page empty.
        let height = lines as f32 * leading;
        if height <= KEEP_TOGETHER_MAX {
            self.need(height);
        }
        for i in 0..lines {
            self.need(leading);
            self.y -= leading;
            let mut x = MARGIN_X;
            for (cell, lines) in cells.iter().zip(&wrapped) {
                if let Some(line) = lines.get(i) {
                    let line = line.clone();
                    self.draw_line(&line, cell.style, x, self.y + leading * 0.25);
                }
                x += cell.width;
            }
        }
        self.gap(2.0);
    }

    /// A thin horizontal rule.
    pub(crate) fn rule(&mut self) {
        self.need(8.0);
        self.gap(4.0);
        self.ops.push(Op::SetOutlineColor {
            col: Color::Rgb(Rgb {
                r: 0.75,
                g: 0.75,
                b: 0.75,
                icc_profile: None,
            }),
        });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    LinePoint {
                        p: Point {
                            x: Pt(MARGIN_X),
                            y: Pt(self.y),
                        },
                        bezier: false,
                    },
                    LinePoint {
                        p: Point {
                            x: Pt(PAGE_W - MARGIN_X),
                            y: Pt(self.y),
                        },
                        bezier: false,
                    },
                ],
                is_closed: false,
            },
        });
        self.gap(4.0);
    }

    /// Draws the signature block in `rect` (points: x0, y0, x1, y1) of a finished page: a
    /// frame and one line per entry, each cut to fit.
    pub(crate) fn signature_block(
        fonts: &FontSet,
        ids: &[(Face, FontId)],
        page: &mut Vec<Op>,
        rect: [f32; 4],
        lines: &[String],
    ) {
        let mut l = Layout::new(fonts, ids.to_vec());
        let [x0, y0, x1, y1] = rect;
        l.ops.push(Op::SetOutlineColor {
            col: Color::Rgb(Rgb {
                r: 0.25,
                g: 0.32,
                b: 0.55,
                icc_profile: None,
            }),
        });
        l.ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
        let corner = |x: f32, y: f32| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        l.ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    corner(x0, y0),
                    corner(x1, y0),
                    corner(x1, y1),
                    corner(x0, y1),
                ],
                is_closed: true,
            },
        });
        let style = Style {
            grey: false,
            ..Style::SMALL
        };
        let width = x1 - x0 - 12.0;
        let mut y = y1 - 10.0;
        for line in lines {
            let mut text = printable(fonts, line);
            while l.text_width(&text, style) > width && text.chars().count() > 1 {
                text = format!(
                    "{}…",
                    text.chars()
                        .take(text.chars().count() - 2)
                        .collect::<String>()
                );
            }
            l.draw_line(&text, style, x0 + 6.0, y);
            y -= style.leading();
        }
        page.extend(l.ops);
    }

    /// Draws the footer on a finished page (used after layout, when the page count is known).
    /// `lines` go on the left, one under the other; `right` on the first line's right.
    pub(crate) fn footer(
        fonts: &FontSet,
        ids: &[(Face, FontId)],
        page: &mut Vec<Op>,
        lines: &[&str],
        right: &str,
    ) {
        let mut l = Layout::new(fonts, ids.to_vec());
        let style = Style::SMALL;
        let mut y = MARGIN_BOTTOM - 26.0;
        for line in lines {
            l.draw_line(&printable(fonts, line), style, MARGIN_X, y);
            y -= style.leading();
        }
        let w = l.text_width(right, style);
        l.draw_line(right, style, PAGE_W - MARGIN_X - w, MARGIN_BOTTOM - 26.0);
        page.extend(l.ops);
    }
}
