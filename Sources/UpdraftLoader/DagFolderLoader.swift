// DAG folder loading lands here.
