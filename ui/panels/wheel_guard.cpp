#include "wheel_guard.h"

#include <QEvent>
#include <QObject>
#include <QWidget>

namespace ds::ui {

namespace {

class WheelGuard : public QObject {
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() != QEvent::Wheel) return false;
        auto* widget = qobject_cast<QWidget*>(watched);
        if (!widget || widget->hasFocus()) return false;
        // Ignored and filtered: Qt hands an ignored wheel event on to the parent widget.
        event->ignore();
        return true;
    }
};

}  // namespace

void ignoreWheelUnlessFocused(QWidget* widget) {
    // Not Qt::WheelFocus: a wheel turn must not give it focus either.
    widget->setFocusPolicy(Qt::StrongFocus);
    widget->installEventFilter(new WheelGuard(widget));
}

}  // namespace ds::ui
