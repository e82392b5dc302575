/* compile.c — the compilation pipeline: read each package into the Package
 * IR, then emit what was asked for.  (Being written: the front end lands
 * with the .dtsx reader.) */
#include "driver.h"

int driver_compile(const DriverOptions *opts)
{
	(void)opts;
	fputs("ssis2dbtc: error: the .dtsx reader is not built yet\n", stderr);
	return EXIT_INTERNAL;
}
