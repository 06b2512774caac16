/*
 * cmd_nlp.h -- the nlp subcommands: train, parse, eval ud.
 */
#ifndef DL_CMD_NLP_H
#define DL_CMD_NLP_H
int dl_cmd_train(int argc, char **argv);
int dl_cmd_parse(int argc, char **argv);
int dl_cmd_eval_ud(int argc, char **argv);
#endif
