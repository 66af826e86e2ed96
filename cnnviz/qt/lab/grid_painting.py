"""How a :class:`~cnnviz.qt.lab.grid_view.GridView` paints itself: the cell image scaled
up, hatched padding, grid lines and numbers, the highlighted window, the current cell,
marked winners and the colour bar. Grid lines and the colour bar come from cached
pixmaps, so a frame stays cheap during an animation."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QLinearGradient, QPainter, QPen

from cnnviz.core import colormaps

WINDOW_COLOR = QColor("#ffb000")   # amber: the kernel window / the current output cell
WINNER_COLOR = QColor("#ffffff")
PAD_COLOR = QColor("#c8c8c8")
PAD_HATCH = QColor("#8c8c8c")
MIN_NUMBER_PX = 11  # smaller numbers cannot be read on a projector: show the heat map only


class GridPainting:
    """Painting for GridView (a mixin: it uses the grid's data attributes, its
    ``_layout``, ``_texts`` and ``is_filled``/``is_padding``)."""

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.paint(p)
        p.end()

    def paint(self, p: QPainter) -> None:
        pal = self.palette()
        fg = pal.windowText().color()
        x0, y0, cell, title_rect, legend_rect = self._layout()
        if self._title:
            font = self._title_font()
            fm = QFontMetricsF(font)
            avail = max(title_rect.width() - 8, 10.0)
            width = fm.horizontalAdvance(self._title)
            if width > avail and font.pointSizeF() > 0:  # shrink a little, then elide
                font.setPointSizeF(max(font.pointSizeF() * max(avail / width, 0.75), 6.0))
                fm = QFontMetricsF(font)
            text = fm.elidedText(self._title, Qt.TextElideMode.ElideRight, avail)
            p.setFont(font)
            p.setPen(fg)
            p.drawText(title_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, text)
        if self._values.size == 0:
            if self._message:
                p.setPen(fg)
                p.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                           self._message)
            return
        h, w = self._values.shape
        if self._image_dirty or self._image is None:
            self._rebuild_image()
        target = QRectF(x0, y0, cell * w, cell * h)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self._rgb is not None and cell < 1.0)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if self._fill is not None and self._fill < h * w:
            # Cells not computed yet: a neutral tint, so they never look like a computed
            # zero (white in the diverging map).
            empty = QColor(pal.mid().color())
            empty.setAlpha(70)
            p.fillRect(target, empty)
        p.drawImage(target, self._image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self._rgb is not None:
            return
        self._paint_padding(p, x0, y0, cell)
        if cell >= 7:
            self._paint_grid_lines(p, x0, y0, cell, fg)
        if cell >= self._min_text_cell:
            self._paint_numbers(p, x0, y0, cell)
        self._paint_highlights(p, x0, y0, cell)
        if self._legend:
            self._paint_legend(p, legend_rect, fg)

    def _paint_padding(self, p: QPainter, x0: float, y0: float, cell: float) -> None:
        h, w = self._values.shape
        t, b, l, r = self._pads
        rects = []
        if t:
            rects.append(QRectF(x0, y0, w * cell, t * cell))
        if b:
            rects.append(QRectF(x0, y0 + (h - b) * cell, w * cell, b * cell))
        if l:
            rects.append(QRectF(x0, y0 + t * cell, l * cell, (h - t - b) * cell))
        if r:
            rects.append(QRectF(x0 + (w - r) * cell, y0 + t * cell, r * cell, (h - t - b) * cell))
        if not rects:
            return
        brush = QBrush(PAD_HATCH, Qt.BrushStyle.BDiagPattern)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(Qt.PenStyle.NoPen)
        for rect in rects:
            p.fillRect(rect, brush)
        p.restore()

    def _paint_grid_lines(self, p: QPainter, x0: float, y0: float, cell: float, fg: QColor) -> None:
        """Grid lines come from a cached transparent pixmap (hundreds of drawLine calls
        per frame would cost milliseconds)."""
        h, w = self._values.shape
        dpr = self.devicePixelRatioF() if p.device() is self else p.device().devicePixelRatioF()
        key = (h, w, round(cell, 3), fg.rgba(), dpr)
        if getattr(self, "_lines_key", None) != key:
            from PySide6.QtGui import QPixmap

            pm = QPixmap(max(1, int(np.ceil((w * cell + 2) * dpr))), max(1, int(np.ceil((h * cell + 2) * dpr))))
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.GlobalColor.transparent)
            q = QPainter(pm)
            c = QColor(fg)
            c.setAlpha(90)
            q.setPen(QPen(c, 1))
            for i in range(h + 1):
                q.drawLine(QPointF(0.5, 0.5 + i * cell), QPointF(0.5 + w * cell, 0.5 + i * cell))
            for j in range(w + 1):
                q.drawLine(QPointF(0.5 + j * cell, 0.5), QPointF(0.5 + j * cell, 0.5 + h * cell))
            q.end()
            self._lines_pixmap, self._lines_key = pm, key
        p.drawPixmap(QPointF(x0 - 0.5, y0 - 0.5), self._lines_pixmap)

    def _number_font(self, cell: float) -> QFont:
        """The bold font for the cell numbers: as large as the widest number allows."""
        key = (round(cell, 2), self.font().key(), id(self._texts_cache))
        if getattr(self, "_number_font_key", None) != key:
            texts = self._texts
            longest = max((len(t) for row in texts for t in row), default=1)
            font = QFont(self.font())
            font.setBold(True)
            size = cell * 0.42
            font.setPixelSize(max(int(size), 6))
            fm = QFontMetricsF(font)
            widest = max((fm.horizontalAdvance(t) for row in texts for t in row if len(t) >= longest - 1),
                         default=1.0)
            if widest > cell * 0.84:
                font.setPixelSize(max(int(size * cell * 0.84 / widest), 6))
            self._number_font_cache, self._number_font_key = font, key
        return self._number_font_cache

    def _paint_numbers(self, p: QPainter, x0: float, y0: float, cell: float) -> None:
        h, w = self._values.shape
        font = self._number_font(cell)
        if font.pixelSize() < MIN_NUMBER_PX:  # too small to read: the colours say it
            return
        p.setFont(font)
        dark, light = QColor(20, 20, 20), QColor(250, 250, 250)
        pad_text = QColor(70, 70, 70)
        for r in range(h):
            for c in range(w):
                if not self.is_filled(r, c):
                    continue
                text = self._texts[r][c]
                if not text:
                    continue
                if self.is_padding(r, c):
                    p.setPen(pad_text)
                else:
                    p.setPen(dark if self._dark_text[r, c] else light)
                p.drawText(QRectF(x0 + c * cell, y0 + r * cell, cell, cell), Qt.AlignmentFlag.AlignCenter, text)

    def _paint_highlights(self, p: QPainter, x0: float, y0: float, cell: float) -> None:
        width = max(3.0, cell * 0.09)
        if self._window is not None:
            rows, cols = self._window
            r0, r1, c0, c1 = min(rows), max(rows), min(cols), max(cols)
            rect = QRectF(x0 + c0 * cell, y0 + r0 * cell, (c1 - c0 + 1) * cell, (r1 - r0 + 1) * cell)
            contiguous = len(rows) == r1 - r0 + 1 and len(cols) == c1 - c0 + 1
            if not contiguous:  # dilation: outline each sampled cell, dashed bounding box
                p.setBrush(Qt.BrushStyle.NoBrush)
                for r in rows:
                    for c in cols:
                        cr = QRectF(x0 + c * cell, y0 + r * cell, cell, cell).adjusted(2, 2, -2, -2)
                        p.setPen(QPen(QColor(0, 0, 0), width + 2))
                        p.drawRect(cr)
                        p.setPen(QPen(WINDOW_COLOR, width))
                        p.drawRect(cr)
                p.setPen(QPen(WINDOW_COLOR, max(1.5, width / 2), Qt.PenStyle.DashLine))
                p.drawRect(rect)
            else:
                self._outline(p, rect, width)
        if self._window is not None and self._weight_texts is not None and cell >= 60:
            self._paint_weights(p, x0, y0, cell)
        if self._current is not None:
            r, c = self._current
            self._outline(p, QRectF(x0 + c * cell, y0 + r * cell, cell, cell), width)
        for r, c in self._marked:
            cr = QRectF(x0 + c * cell, y0 + r * cell, cell, cell)
            inset = cell * 0.12
            ring = cr.adjusted(inset, inset, -inset, -inset)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor(0, 0, 0), width * 1.6))
            p.drawEllipse(ring)
            p.setPen(QPen(WINNER_COLOR, width * 0.8))
            p.drawEllipse(ring)

    def _paint_weights(self, p: QPainter, x0: float, y0: float, cell: float) -> None:
        rows, cols = self._window
        texts = self._weight_texts
        if len(texts) != len(rows) or len(texts[0]) != len(cols):
            return
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(int(cell * 0.2), 11))
        fm = QFontMetricsF(font)
        p.setFont(font)
        inset = max(3.0, cell * 0.09) + 1
        for i, r in enumerate(rows):
            for j, c in enumerate(cols):
                text = "×" + texts[i][j]
                tw, th = fm.horizontalAdvance(text) + 4, fm.height()
                box = QRectF(x0 + (c + 1) * cell - inset - tw, y0 + (r + 1) * cell - inset - th, tw, th)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(255, 255, 255, 215))
                p.drawRoundedRect(box, 3, 3)
                p.setPen(QColor(20, 20, 20))
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    @staticmethod
    def _outline(p: QPainter, rect: QRectF, width: float) -> None:
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor(0, 0, 0), width + 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.SquareCap,
                      Qt.PenJoinStyle.MiterJoin))
        p.drawRect(rect)
        p.setPen(QPen(WINDOW_COLOR, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.SquareCap,
                      Qt.PenJoinStyle.MiterJoin))
        p.drawRect(rect)

    def _paint_legend(self, p: QPainter, rect: QRectF, fg: QColor) -> None:
        """The colour bar with its value range, from a cached pixmap."""
        if rect.height() <= 4:
            return
        dpr = p.device().devicePixelRatioF()
        key = (round(rect.width(), 1), round(rect.height(), 1), self._signed, self.legend_labels(), self.font().key(),
               fg.rgba(), dpr)
        if getattr(self, "_legend_key", None) != key:
            from PySide6.QtGui import QPixmap

            pm = QPixmap(max(1, int(np.ceil((rect.width() + 2) * dpr))), max(1, int(np.ceil((rect.height() + 2) * dpr))))
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.GlobalColor.transparent)
            q = QPainter(pm)
            q.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            self._draw_legend(q, QRectF(1, 1, rect.width(), rect.height()), fg)
            q.end()
            self._legend_pixmap, self._legend_key = pm, key
        p.drawPixmap(QPointF(rect.left() - 1, rect.top() - 1), self._legend_pixmap)

    def _draw_legend(self, p: QPainter, rect: QRectF, fg: QColor) -> None:
        fm = QFontMetricsF(self.font())
        bar = QRectF(rect.left(), rect.top(), rect.width(), max(rect.height() - fm.height() - 2, 6.0))
        lut = colormaps.DIVERGING if self._signed else colormaps.SEQUENTIAL
        grad = QLinearGradient(bar.topLeft(), bar.topRight())
        for i in range(0, 256, 15):
            grad.setColorAt(i / 255.0, QColor(*[int(v) for v in lut[i]]))
        grad.setColorAt(1.0, QColor(*[int(v) for v in lut[255]]))
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(QPen(fg, 1))
        p.setBrush(QBrush(grad))
        p.drawRect(bar)
        p.restore()
        p.setFont(self.font())
        p.setPen(fg)
        label_rect = QRectF(rect.left(), bar.bottom() + 1, rect.width(), fm.height() + 2)
        left, right = self.legend_labels()
        p.drawText(label_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, left)
        p.drawText(label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, right)
        if self._signed:
            p.drawText(label_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, "0")
