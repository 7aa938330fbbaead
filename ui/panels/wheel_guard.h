#pragma once
// Scrolling a panel with the mouse wheel must not change the combo box or spin box that
// happens to pass under the pointer (a DenseNet-264 load started by a stray scroll, in front
// of a class). ignoreWheelUnlessFocused() makes such a widget take the wheel only once the
// user has clicked or tabbed into it; until then the wheel goes on to the parent, which
// scrolls as usual.
class QWidget;

namespace ds::ui {

void ignoreWheelUnlessFocused(QWidget* widget);

}  // namespace ds::ui
