#pragma once
// A window action made the one way the window and its controllers make them: its text, an
// object name (tests and --screenshot scripts find actions by it), its shortcuts, and the
// receiver's slot it triggers. The action belongs to `receiver`.
#include <QAction>
#include <QKeySequence>
#include <QList>
#include <QString>

namespace ds::ui {

template <typename Receiver, typename Slot>
QAction* namedAction(Receiver* receiver, const QString& text, const QString& name,
                     const QList<QKeySequence>& keys, Slot slot) {
    auto* a = new QAction(text, receiver);
    a->setObjectName(name);
    a->setShortcuts(keys);
    QObject::connect(a, &QAction::triggered, receiver, slot);
    return a;
}

}  // namespace ds::ui
