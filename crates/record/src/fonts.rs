//! The fonts the PDF record is set in, shipped inside the binary (see `fonts/` for their
//! licences, all of which allow embedding and redistribution).
//!
//! No single free font covers Latin, Cyrillic, Greek, Han and Hangul with TrueType
//! outlines, and printpdf has no per-glyph fallback, so text is split into runs and each
//! run is set in the first face that has all of its characters:
//!
//! | face | covers |
//! | --- | --- |
//! | DejaVu Sans (regular, bold) | Latin, Cyrillic, Greek, the outcome symbols ✓ ⚠ ✗ ○ |
//! | Droid Sans Fallback | Han, Kana |
//! | Nanum Gothic | Hangul |

use std::sync::OnceLock;

use printpdf::{ParsedFont, PdfFontParseWarning};

/// One of the shipped faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Face {
    Regular,
    Bold,
    Han,
    Hangul,
}

impl Face {
    pub(crate) const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Han, Face::Hangul];

    fn index(self) -> usize {
        self as usize
    }
}

const SOURCES: [&[u8]; 4] = [
    include_bytes!("../fonts/DejaVuSans.ttf"),
    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../fonts/DroidSansFallbackFull.ttf"),
    include_bytes!("../fonts/NanumGothic.ttf"),
];

/// The parsed faces, parsed once per process.
pub(crate) struct FontSet {
    faces: Vec<ParsedFont>,
}

impl FontSet {
    /// The shared set. `None` only if a shipped font failed to parse, which the tests
    /// rule out for a released build.
    pub(crate) fn get() -> Option<&'static FontSet> {
        static SET: OnceLock<Option<FontSet>> = OnceLock::new();
        SET.get_or_init(|| {
            let mut warnings: Vec<PdfFontParseWarning> = Vec::new();
            let faces: Option<Vec<ParsedFont>> = SOURCES
                .iter()
                .map(|bytes| ParsedFont::from_bytes(bytes, 0, &mut warnings))
                .collect();
            faces.map(|faces| FontSet { faces })
        })
        .as_ref()
    }

    pub(crate) fn parsed(&self, face: Face) -> &ParsedFont {
        &self.faces[face.index()]
    }

    fn has(&self, face: Face, c: char) -> bool {
        self.parsed(face)
            .lookup_glyph_index(c as u32)
            .is_some_and(|g| g != 0)
    }

    /// The face to set `c` in, given the face the text asks for (regular or bold);
    /// `None` when no shipped face has the character.
    pub(crate) fn face_for(&self, c: char, base: Face) -> Option<Face> {
        if c == ' ' || self.has(base, c) {
            return Some(base);
        }
        [Face::Han, Face::Hangul, Face::Regular]
            .into_iter()
            .find(|&f| self.has(f, c))
    }

    /// Advance width of `c` in `face` at `size` points.
    pub(crate) fn width(&self, c: char, face: Face, size: f32) -> f32 {
        let font = self.parsed(face);
        let gid = font.lookup_glyph_index(c as u32).unwrap_or(0);
        let upem = font.pdf_font_metrics.units_per_em.max(1) as f32;
        font.get_horizontal_advance(gid) as f32 / upem * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_script_of_the_spec_has_a_face() {
        let set = FontSet::get().expect("shipped fonts parse");
        for (c, want) in [
            ('é', Face::Regular),
            ('Щ', Face::Regular),
            ('Ω', Face::Regular),
            ('✓', Face::Regular),
            ('⚠', Face::Regular),
            ('延', Face::Han),
            ('银', Face::Han),
            ('정', Face::Hangul),
        ] {
            assert_eq!(set.face_for(c, Face::Regular), Some(want), "{c}");
        }
        assert_eq!(set.face_for('A', Face::Bold), Some(Face::Bold));
        assert!(set.width('W', Face::Regular, 10.0) > set.width('i', Face::Regular, 10.0));
    }
}
