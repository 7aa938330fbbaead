#pragma once
// The GUI's OpenMP wait policy (passive_openmp.cpp). Call first thing in main(): when
// OMP_WAIT_POLICY is not set, sets it to PASSIVE and restarts the program (execv of
// /proc/self/exe with the same arguments), since libgomp reads it only while loading, before
// main(). Returns only when nothing needs to change or the restart failed (then nothing
// changes and the program goes on as it was). DENSESCOPE_SPINNING_OPENMP=1 skips it.
void preferPassiveOpenMp(char** argv);
