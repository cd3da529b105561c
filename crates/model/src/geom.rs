//! Axis-aligned boxes in PDF points, origin top-left.

use serde::{Deserialize, Serialize};

/// `[x0, y0, x1, y1]` with `x0 <= x1`, `y0 <= y1`; y grows downwards.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(from = "[f64; 4]", into = "[f64; 4]")]
pub struct BBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl From<[f64; 4]> for BBox {
    fn from(a: [f64; 4]) -> Self {
        BBox::new(a[0] as f32, a[1] as f32, a[2] as f32, a[3] as f32)
    }
}

/// Written with two decimals (1/100 pt), which is plenty and keeps the JSON short.
impl From<BBox> for [f64; 4] {
    fn from(b: BBox) -> Self {
        let r = |v: f32| (v as f64 * 100.0).round() / 100.0;
        [r(b.x0), r(b.y0), r(b.x1), r(b.y1)]
    }
}

impl BBox {
    /// A box from two corners in any order.
    pub fn new(x0: f32, y0: f32, x1: f32, y1: f32) -> Self {
        BBox {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        }
    }
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }
    pub fn center_x(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn center_y(&self) -> f32 {
        (self.y0 + self.y1) / 2.0
    }
    /// The smallest box holding both.
    pub fn union(&self, o: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
    /// True when `o` lies inside `self` (edges included).
    pub fn contains(&self, o: &BBox) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }
    /// True when the point lies inside (edges included).
    pub fn contains_point(&self, x: f32, y: f32) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }
    /// Overlap length on the x axis (0 when disjoint).
    pub fn x_overlap(&self, o: &BBox) -> f32 {
        (self.x1.min(o.x1) - self.x0.max(o.x0)).max(0.0)
    }
    /// Overlap length on the y axis (0 when disjoint).
    pub fn y_overlap(&self, o: &BBox) -> f32 {
        (self.y1.min(o.y1) - self.y0.max(o.y0)).max(0.0)
    }
    /// Area of the intersection.
    pub fn intersection_area(&self, o: &BBox) -> f32 {
        self.x_overlap(o) * self.y_overlap(o)
    }
    pub fn area(&self) -> f32 {
        self.width() * self.height()
    }
}
