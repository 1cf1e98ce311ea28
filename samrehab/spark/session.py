"""A local, quiet Spark session for the dbt build on Spark (``method: session`` of dbt-spark).

dbt-spark's ``session`` method calls ``SparkSession.builder.enableHiveSupport().getOrCreate()``: when
this module has started the session first (same process), dbt uses it with the settings below (an
existing session keeps its static settings, such as the catalogue). Each build gets its own
warehouse folder under ``workdir`` and its own catalogue: in memory by default (a Hive metastore in
Derby costs minutes to start on a loaded machine and two processes sharing one fail, the second after
about 27 s); with ``SAMREHAB_SPARK_CATALOG=hive`` a Derby metastore under ``workdir``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

#: log4j2 configuration at level error: otherwise every query prints warnings.
_LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""


def java_runtime() -> str | None:
    """Path of the ``java`` executable Spark would use (``JAVA_HOME`` first, then ``PATH``), or None."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def spark_settings(workdir: Path, shuffle_partitions: int = 2) -> dict[str, str]:
    """Spark configuration of a local build whose warehouse and metastore live under ``workdir``.

    ``spark.sql.parser.quotedRegexColumnNames`` lets the ``star_except`` macro select every column
    but some; ``spark.sql.session.timeZone`` UTC keeps dbt's date arithmetic free of DST shifts.
    """
    workdir = Path(workdir).resolve()
    return {
        # in-memory: the build's catalogue lives in this JVM (no Hive metastore to start, nothing
        # shared between processes); SAMREHAB_SPARK_CATALOG=hive keeps it in Derby under workdir
        "spark.sql.catalogImplementation": os.environ.get("SAMREHAB_SPARK_CATALOG", "in-memory"),
        "spark.master": os.environ.get("SAMREHAB_SPARK_MASTER", "local[2]"),
        "spark.app.name": "samrehab",
        "spark.sql.warehouse.dir": str(workdir / "spark-warehouse"),
        "spark.driver.extraJavaOptions": (
            f"-Dderby.system.home={workdir / 'derby'} "
            f"-Dlog4j2.configurationFile=file:{workdir / 'log4j2.properties'}"
        ),
        "spark.hadoop.javax.jdo.option.ConnectionURL":
            f"jdbc:derby:;databaseName={workdir / 'metastore_db'};create=true",
        "spark.sql.legacy.createHiveTableByDefault": "false",
        "spark.sql.parser.quotedRegexColumnNames": "true",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.shuffle.partitions": str(shuffle_partitions),
        # marts.metric_values chains 27 suppression passes of window functions: the analyser needs
        # more than its default 100 fixed-point iterations to resolve them
        "spark.sql.analyzer.maxIterations": "1000",
        "spark.sql.optimizer.maxIterations": "1000",
        # a local build of a region's data: the many small stages run faster without adaptive
        # re-planning and whole-stage code generation (mc_e5_patient_survey on the sample, warm JVM:
        # 29 s with both, 15 s without); a cluster profile keeps Spark's defaults
        "spark.sql.adaptive.enabled": os.environ.get("SAMREHAB_SPARK_ADAPTIVE", "false"),
        "spark.sql.codegen.wholeStage": os.environ.get("SAMREHAB_SPARK_CODEGEN", "false"),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.driver.memory": os.environ.get("SAMREHAB_SPARK_MEMORY", "2g"),
    }


def start_session(workdir: Path, shuffle_partitions: int = 2) -> Any:
    """Start (or return) this process's Spark session with ``spark_settings(workdir)``.

    Call it before dbt opens its connection, in the process that runs dbt.
    """
    from pyspark.sql import SparkSession

    workdir = Path(workdir).resolve()
    (workdir / "derby").mkdir(parents=True, exist_ok=True)
    (workdir / "log4j2.properties").write_text(_LOG4J2, encoding="utf-8")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder
    for key, value in spark_settings(workdir, shuffle_partitions).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
